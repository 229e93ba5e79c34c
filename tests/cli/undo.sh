#!/bin/bash
# tests/cli/undo.sh - correcting and deleting notes and touches by id
# (`note --edit/--delete`, `contacted --edit/--delete`, ids in
# `show --format json`), touch dates as people type them, and `undo` /
# `undo --list` on a temporary database: what each prints, the database
# after each, refusals that leave the file byte for byte as it was.  TAP.
set -u

# 2026-12-05 is a Saturday.
CLI_TODAY=2026-12-05
. "$(dirname "$0")/lib.sh"

out_is() { [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "$1" ] && [ ! -s "$T/err" ]; }
quiet_ok() { out_is ""; }
# show_py EXPR: EXPR over j, card 1 as show --format json gives it.
show_py() {
	"$BIN" --db "$DB" show 1 --format json >"$T/show.json" 2>/dev/null &&
		python3 -S -E -c "import json,sys; j = json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T/show.json"
}
# refused WHAT RC MESSAGE-PART ARGS...: exit RC, one "rolodex:" line
# holding MESSAGE-PART, nothing on stdout, the file unchanged.
refused() {
	local what=$1 want=$2 part=$3
	shift 3
	local before
	before=$(sha256sum "$DB")
	run "$@"
	check "$what" sh -c '[ "$0" = "$1" ] && [ ! -s "$2/out" ] && [ "$(wc -l <"$2/err")" = 1 ] &&
		grep -q "^rolodex: " "$2/err" && grep -qF -- "$3" "$2/err" && [ "$(sha256sum "$4")" = "$5" ]' \
		"$rc" "$want" "$T" "$part" "$DB" "$before"
}

run add "Ada Lovelace" --email ada@example.org --cadence 3m
run add "Grace Hopper"
run contacted ada --via coffee --date 2026-11-02 --note "engines"
run contacted ada --via email --date 2026-11-20
run note ada "Kids: Byron and Annabella"
run_in $'Second note\nover two lines\n' note ada

# ------------------------------------------------------------ ids in show
check "show --format json: every note and touch has its id" show_py '
[t["id"] for t in j["touches"]] == [2, 1] and [x["id"] for x in j["notes"]] == [2, 1]
and j["last_contacted"] == "2026-11-20"'

# ------------------------------------------------------- correcting notes
run note --edit 1 "Kids: Byron, Annabella and Ralph"
check "note --edit ID TEXT says nothing" quiet_ok
check "the note has the new text, same time" show_py '
[x["text"] for x in j["notes"]] == ["Second note\nover two lines", "Kids: Byron, Annabella and Ralph"]'
run_in $'From stdin\n' note --edit 2
check "note --edit ID reads standard input" quiet_ok
check "the text from standard input" show_py 'j["notes"][0]["text"] == "From stdin"'
refused "note --edit of a note that does not exist" 1 "no note 99" note --edit 99 "x"
refused "note --edit with an empty text" 1 "the note is empty" note --edit 1 "   "
refused "note --edit with a bad id" 2 "not a NOTE_ID" note --edit abc "x"
refused "note --edit and --delete together" 2 "not both" note --edit 1 --delete 2
refused "note --delete with text" 2 "NOTE_ID only" note --delete 1 extra

# ------------------------------------------------------ correcting touches
run contacted --edit 2 --date 2026-10-15
check "contacted --edit --date says nothing" quiet_ok
check "the last contact follows the edited date at once" show_py '
j["last_contacted"] == "2026-11-02" and j["last_channel"] == "coffee"
and [(t["id"], t["date"], t["channel"]) for t in j["touches"]] == [(1, "2026-11-02", "coffee"), (2, "2026-10-15", "email")]'
run contacted --edit 1 --via lunch --note "at the club"
check "contacted --edit --via --note keeps the date" show_py '
{k: j["touches"][0][k] for k in ("id", "date", "channel", "note")} == {"id": 1, "date": "2026-11-02", "channel": "lunch", "note": "at the club"}'
run contacted --edit 1 --date mon
check "a weekday: the last Monday" show_py 'j["touches"][0]["date"] == "2026-11-30"'
refused "contacted --edit in the future" 1 "in the future" contacted --edit 1 --date 2026-12-06
refused "contacted --edit with nothing to change" 2 "needs --via, --date or --note" contacted --edit 1
refused "contacted --edit of a touch that does not exist" 1 "no touch 42" contacted --edit 42 --via call
refused "contacted --edit with a CARD too" 2 "TOUCH_ID, not a CARD" contacted ada --edit 1 --via call
refused "contacted --delete with options" 2 "takes no" contacted --delete 1 --via call
refused "contacted --date that is no date" 1 "not a date: 'someday'" contacted ada --date someday

run contacted --delete 1
check "contacted --delete says nothing" quiet_ok
check "deleting the newest touch makes the previous one the last contact, due follows" show_py '
[t["id"] for t in j["touches"]] == [2] and j["last_contacted"] == "2026-10-15" and j["next_due"] == "2027-01-15"'
refused "contacted --delete twice" 1 "no touch 1" contacted --delete 1

# -------------------------------------------------- dates as people type them
for spec in "yesterday:2026-12-04" "fri:2026-12-04" "-3d:2026-12-02" "2 Dec:2026-12-02" "2026-12-02:2026-12-02" \
	"dec 24:2025-12-24" "today:2026-12-05"; do
	run contacted grace --via call --date "${spec%%:*}"
	check "contacted --date '${spec%%:*}' is ${spec#*:}" sh -c '[ "$0" = 0 ] && "$1" --db "$2" show grace --format json |
		python3 -S -E -c "import json,sys; sys.exit(json.load(sys.stdin)[\"touches\"][0][\"date\"] != sys.argv[1])" "$3"' \
		"$rc" "$BIN" "$DB" "${spec#*:}"
	run undo
done
refused "a date in the future is refused" 1 "is in the future; record a contact once it happened" \
	contacted grace --date 2027-01-01

# ------------------------------------------------------------------ undo
run undo --list
# The time of day is the clock's: left out of the comparison.
check "undo --list: newest first, each change in words, undone ones marked" sh -c '
	sed "s/^2026-12-05 [0-9][0-9]:[0-9][0-9]  //" "$0" >"$0.labels" && [ "$(cat "$0.labels")" = "$1" ]' "$T/out" \
	"call with Grace Hopper on 5 Dec  (undone)
call with Grace Hopper on 24 Dec 2025  (undone)
call with Grace Hopper on 2 Dec  (undone)
call with Grace Hopper on 2 Dec  (undone)
call with Grace Hopper on 2 Dec  (undone)
call with Grace Hopper on 4 Dec  (undone)
call with Grace Hopper on 4 Dec  (undone)
touch deletion for Ada Lovelace
touch edit for Ada Lovelace
touch edit for Ada Lovelace
touch edit for Ada Lovelace
note edit on Ada Lovelace
note edit on Ada Lovelace
note on Ada Lovelace
note on Ada Lovelace
email to Ada Lovelace on 20 Nov
coffee with Ada Lovelace on 2 Nov
adding Grace Hopper
adding Ada Lovelace"
run undo --list --format json --limit 2
check "undo --list --format json: ISO dates, the change in words" python3 -S -E -c '
import json, re, sys
j = json.load(open(sys.argv[1]))
ok = len(j) == 2 and j[0]["change"] == "call with Grace Hopper on 5 Dec" and j[0]["date"] == "2026-12-05"
ok = ok and j[1]["change"] == "call with Grace Hopper on 24 Dec 2025" and j[1]["date"] == "2025-12-24"
ok = ok and all(re.fullmatch(r"2026-12-05T\d\d:\d\d:\d\dZ", e["at"] or "") for e in j) and j[0]["cards"] == 1
ok = ok and all(re.fullmatch(r"2026-12-05T\d\d:\d\d:\d\dZ", e["undone_at"] or "") for e in j)
sys.exit(0 if ok else 1)' "$T/out"

run undo
check "undo prints what it undid" out_is "Undid: touch deletion for Ada Lovelace"
check "the deleted touch is back, the last contact with it" show_py '
[t["id"] for t in j["touches"]] == [1, 2] and j["last_contacted"] == "2026-11-30"'
run undo
check "undo again goes further back" out_is "Undid: touch edit for Ada Lovelace"
check "the touch's date is back" show_py 'j["touches"][0]["date"] == "2026-11-02"'
run undo
check "the touch's channel and note are back" show_py '
{k: j["touches"][0][k] for k in ("id", "date", "channel", "note")} == {"id": 1, "date": "2026-11-02", "channel": "coffee", "note": "engines"}'
run undo
check "and the other touch's first date" show_py 'j["last_contacted"] == "2026-11-20"'
run undo
run undo
check "the notes' text is back" show_py '
[x["text"] for x in j["notes"]] == ["Second note\nover two lines", "Kids: Byron and Annabella"]'
run undo
check "a note added is taken back" out_is "Undid: note on Ada Lovelace"
run undo
run undo
check "touches come back off" out_is "Undid: email to Ada Lovelace on 20 Nov"
run undo
check "a touch from an earlier date" out_is "Undid: coffee with Ada Lovelace on 2 Nov"
check "Ada is as she was added" show_py 'j["touches"] == [] and j["notes"] == [] and j["last_contacted"] is None'

# A trash, a rhythm, an edit and a snooze, each undone.
run delete grace
run undo
check "undo of delete: back from the trash" sh -c '[ "$0" = "Undid: trashing Grace Hopper" ] && "$1" --db "$2" show grace >/dev/null' \
	"$(cat "$T/out")" "$BIN" "$DB"
run edit ada --set org=Engines --set cadence=1m --set snooze=2026-12-20
run undo
check "undo of edit" out_is "Undid: edit of Ada Lovelace"
check "the fields are back" show_py 'j["org"] is None and j["cadence"] == "3m" and j["snooze_until"] is None'

# An import is one change.
printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alan Turing\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Katherine Johnson\r\nEND:VCARD\r\n' >"$T/two.vcf"
run import "$T/two.vcf"
run undo
check "undo of an import takes back the whole import" sh -c '[ "$0" = "Undid: import of 2 cards from two.vcf" ] &&
	[ "$("$1" --db "$2" list --format tsv | wc -l)" = 2 ]' "$(cat "$T/out")" "$BIN" "$DB"

# Changed since by something outside the journal: refused, nothing changed.
run note ada "to be changed"
python3 -S -E -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE note SET body = '"'"'by a sync'"'"'"); c.commit()' "$DB"
refused "undo refuses a change made since" 1 "cannot undo note on Ada Lovelace: Ada Lovelace was changed since" undo
run undo --list --limit 1
check "the refused change still stands" sh -c '! grep -q undone "$0"' "$T/out"

refused "undo takes no argument" 2 "unexpected argument" undo ada
refused "undo --limit without --list" 2 "go with --list" undo --limit 3
refused "undo --list --format xml" 2 "unknown format" undo --list --format xml

# Nothing to undo on a new rolodex.
DB=$T/empty.db
run add "Only One"
run undo
refused "nothing left to undo" 1 "nothing to undo" undo
run undo --list
check "undo --list on a rolodex whose changes are undone" sh -c 'grep -q "adding Only One  (undone)$" "$0"' "$T/out"

echo "1..$n"
if [ "$failed" -ne 0 ]; then
	echo "# $failed of $n checks failed"
	exit 1
fi
echo "# all $n checks passed"
