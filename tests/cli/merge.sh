#!/bin/bash
# tests/cli/merge.sh - `rolodex duplicates` and `rolodex merge` on a
# temporary database: the pairs listed (table and JSON), a merge carrying
# fields, tags, notes, touches and kept vCard properties over, the merged
# card in the trash and out of search, and refused merges that leave the
# database file byte for byte as it was.  TAP output.
set -u

. "$(dirname "$0")/lib.sh"

py() { python3 -S -E -c "$1" "$T/out"; }

# An empty rolodex: the default place, not created yet (a missing --db is an error).
"$BIN" duplicates >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "an empty rolodex has no duplicates" test "$rc" = 0 -a "$(cat "$T/out")" = "No likely duplicates."
"$BIN" duplicates --format json >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "json: an empty array" py 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != [])'

# 1 and 2 share an address (in other case), 1 and 3 a name and a number.
run add "Ada Lovelace" --email ada@example.org --phone "+44 20 7946 0018" --title Countess --note "first note"
run add "Augusta Ada King" --email ADA@Example.org --email ada@analytical.example --org "Analytical Engines" \
	--title Mathematician --tag mathematicians --birthday 1815-12-10 --note "zebrafinch engine plans"
run add "Lovelace, Ada" --phone "020 7946 0018"
run add "Charles Babbage" --email charles@example.org --phone "020 7946 0099"
run contacted 2 --via coffee --date 2026-10-01 --note "Royal Society"
# A property rolodex does not model, kept on card 2.
printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Augusta Ada King\r\nEMAIL:ada@analytical.example\r\nX-TWITTER:@countess\r\nEND:VCARD\r\n' >"$T/x.vcf"
run import "$T/x.vcf"
check "the extra property merged into card 2 on import" test "$rc" = 0

run duplicates
check "duplicates lists the email pair" has "^1  Ada Lovelace      2  Augusta Ada King  same email ada@example.org$"
check "duplicates lists the name-and-phone pair" has "^1  Ada Lovelace      3  Lovelace, Ada     same name and phone +44 20 7946 0018$"
check "and nothing else" test "$(wc -l <"$T/out")" = 2
run duplicates --format json
check "json pairs" py '
import json, sys
p = json.load(open(sys.argv[1]))
want = [((1, "Ada Lovelace"), (2, "Augusta Ada King"), "same email ada@example.org"),
        ((1, "Ada Lovelace"), (3, "Lovelace, Ada"), "same name and phone +44 20 7946 0018")]
got = [((x["a"]["id"], x["a"]["name"]), (x["b"]["id"], x["b"]["name"]), x["reason"]) for x in p]
sys.exit(got != want)'

before=$(sha256sum "$DB")
run merge 1 1
check "merging a card into itself is refused" test "$rc" = 1 -a ! -s "$T/out" -a "$(wc -l <"$T/err")" = 1
check "  and changes nothing" test "$(sha256sum "$DB")" = "$before"
run merge 99 1
check "merging a card that does not exist is refused" test "$rc" = 1 -a "$(sha256sum "$DB")" = "$before"
run merge 2
check "merge needs two cards" test "$rc" = 2 -a "$(sha256sum "$DB")" = "$before"
run duplicates --format xml
check "an unknown format is a usage error" test "$rc" = 2

run merge Augusta "Ada Lovelace"
check "merge by name" test "$rc" = 0
check "  says what it did" has "^merged 2 (Augusta Ada King) into 1 (Ada Lovelace); 2 is in the trash$"
check "  and which values it kept" has "kept 1's values; a note on it records what 2 had: name \"Augusta Ada King\"; title \"Mathematician\""
run show 1 --format json
check "card 1 has both cards' values, notes and touches" py '
import json, sys
c = json.load(open(sys.argv[1]))
emails = sorted(e["value"] for e in c["emails"])
notes = [x["text"] for x in c["notes"]]
ok = (emails == ["ada@analytical.example", "ada@example.org"] and c["org"] == "Analytical Engines"
      and c["title"] == "Countess" and c["birthday"] == "1815-12-10" and c["tags"] == ["mathematicians"]
      and "zebrafinch engine plans" in notes and "first note" in notes
      and any(n.startswith("Merged with card 2 (Augusta Ada King)") and "Mathematician" in n for n in notes)
      and c["last_contacted"] == "2026-10-01" and c["last_channel"] == "coffee")
sys.exit(not ok)'
run export --format vcard
check "card 1 exports card 2's kept property" has "X-TWITTER:@countess"
run list --trash --format tsv
check "card 2 is in the trash" has "^2	Augusta Ada King"
run list --search zebrafinch --format tsv
check "card 2's note now finds card 1 only" test "$(cut -f1 "$T/out")" = 1
run duplicates
check "the merged pair is gone" test "$(wc -l <"$T/out")" = 1
run merge 3 1
check "the second merge" test "$rc" = 0
run duplicates
check "no duplicates are left" test "$(cat "$T/out")" = "No likely duplicates."
run merge 2 1
check "a card in the trash cannot be merged" test "$rc" = 1

finish
