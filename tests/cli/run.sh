#!/bin/bash
# tests/cli/run.sh - runs the real rolodex binary ($ROLODEX_BIN) on temporary
# databases and checks output, JSON, exit codes and, for every bad input,
# that the database file is byte-for-byte unchanged.
#
# Prints one TAP line per check ("ok N - what" / "not ok N - what") and
# exits non-zero when any check failed.  JSON is checked with python3.
# The read-only and unreadable cases need a non-root user: when run as
# root they drop to "nobody" with setpriv (root ignores file permissions).
set -u

BIN=${ROLODEX_BIN:?ROLODEX_BIN must name the rolodex binary}
T=$(mktemp -d)
export T
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=2026-11-22
unset ROLODEX_DB
mkdir -p "$HOME"

# The interpreter itself, not a version-manager shim (those cost a few
# hundred milliseconds per start, and this script starts Python often).
PY=$(python3 -c 'import sys; print(sys.executable)') || { echo "not ok 1 - python3 is needed"; exit 1; }

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	local line
	for line in "$@"; do printf '#   %s\n' "$line"; done
	printf '#   rc=%s\n#   stdout: %s\n#   stderr: %s\n' "$rc" "$(head -c 600 "$T/out")" "$(head -c 600 "$T/err")"
}

DB=$T/main.db
export DB
# run ARGS...: the binary on $DB; sets rc, out, err.
run() {
	"$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	out=$(<"$T/out")
	err=$(<"$T/err")
}
# run_in INPUT ARGS...: the same with INPUT on standard input.
run_in() {
	local input=$1
	shift
	printf '%s' "$input" | "$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(<"$T/out")
	err=$(<"$T/err")
}

# One Python process judges every condition (starting one per check would
# cost more than running rolodex): expect writes out, err and the condition
# to files and reads back "1", or "0 why".
coproc JUDGE {
	"$PY" -S -E -u -c '
import json, os, re, sys
T = os.environ["T"]
def text(name):
    with open(T + "/" + name, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()
for _ in sys.stdin:
    out, err, cond, db = text("j.out"), text("j.err"), text("j.cond"), text("j.db")
    try:
        ok = eval("(" + cond + "\n)", {"json": json, "os": os, "re": re, "out": out, "err": err,
                                        "db": db, "T": T, "js": lambda: json.loads(out)})
        print("1" if ok else "0 condition is false", flush=True)
    except Exception as e:
        print("0 " + repr(e).replace("\n", " ")[:300], flush=True)
'
}

# expect WHAT RC [PYTHON-CONDITION]: after run; the condition sees out and
# err (without trailing newlines, as the shell's $(...) gives them), db
# ($DB) and T; js() parses out as JSON.
expect() {
	local what=$1 want=$2 cond=${3:-True} verdict
	if [ "$rc" != "$want" ]; then
		fail "$what" "expected exit $want"
		return
	fi
	printf '%s' "$out" >"$T/j.out"
	printf '%s' "$err" >"$T/j.err"
	printf '%s' "$cond" >"$T/j.cond"
	printf '%s' "$DB" >"$T/j.db"
	echo go >&"${JUDGE[1]}"
	read -r verdict <&"${JUDGE[0]}"
	if [ "$verdict" = 1 ]; then
		pass "$what"
	else
		fail "$what" "${verdict#0 }: $cond"
	fi
}

# One clear line on stderr that starts "rolodex:".
one_error_line='len(err.split("\n")) == 1 and err.startswith("rolodex: ") and out == ""'

# fingerprint FILE: its hash and the names beside it (side files count).
fingerprint() {
	local hash
	hash=$(sha256sum "$1" 2>/dev/null) || hash=missing
	echo "$hash" "$(ls -A "${1%/*}" 2>/dev/null)"
}

# bad WHAT RC [CONDITION] -- ARGS...: runs ARGS on $DB and checks the exit
# status, one error line, and that $DB did not change.
bad() {
	local what=$1 want=$2 cond=$one_error_line
	shift 2
	if [ "$1" != "--" ]; then
		cond="$one_error_line and ($1)"
		shift
	fi
	shift
	local before after
	before=$(fingerprint "$DB")
	run "$@"
	after=$(fingerprint "$DB")
	if [ "$before" != "$after" ]; then
		fail "$what (database unchanged)" "before: $before" "after:  $after"
		return
	fi
	expect "$what" "$want" "$cond"
}

# ---------------------------------------------------------------- basics

"$BIN" --version >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "--version names rolodex, SQLite and the journal mode" 0 \
	'__import__("re").fullmatch(r"rolodex \d+\.\d+\.\d+\nSQLite 3\.\d+\.\d+, journal mode (wal|delete)", out)'

"$BIN" --help >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "--help lists every command" 0 \
	'all(("\n  " + c + " ") in out for c in "add list show edit contacted note due birthdays delete restore check backup".split())'

# Every command the help lists answers COMMAND --help with its usage.
cmds=$("$BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
all_help=ok
for c in $cmds; do
	"$BIN" "$c" --help >"$T/out" 2>&1 || all_help="$c failed"
	case $(head -n 1 "$T/out") in "usage: rolodex $c"*) ;; *) all_help="$c: $(head -n 1 "$T/out")" ;; esac
done
[ "$all_help" = ok ] && [ -n "$cmds" ] && pass "COMMAND --help works for all $(echo $cmds | wc -w) listed commands" ||
	fail "COMMAND --help works for every listed command" "$all_help"

run add --help
expect "add --help prints its usage" 0 'out.startswith("usage: rolodex add NAME") and "--cadence" in out and err == ""'

run list --help
expect "list --help documents the tsv columns" 0 '"tsv: id, name, org, first email" in out'

rm -f "$DB"
run list
expect "list on a missing --db says so and creates nothing" 1 'out == "" and err == "rolodex: no rolodex at " + db and not os.path.exists(db)'

"$BIN" --db "$DB" </dev/null >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "the browser refuses to start without a terminal" 1 "$one_error_line and 'terminal' in err"

# Where the database lives: --db > $ROLODEX_DB > $XDG_DATA_HOME.
"$BIN" add "Xdg Person" >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "without --db the database is \$XDG_DATA_HOME/rolodex/rolodex.db" 0 '
out == "1" and os.path.exists(T + "/data/rolodex/rolodex.db") and oct(os.stat(T + "/data/rolodex").st_mode & 0o777) == "0o700"'
ROLODEX_DB=$T/env.db "$BIN" add "Env Person" >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "\$ROLODEX_DB wins over \$XDG_DATA_HOME" 0 'out == "1" and os.path.exists(T + "/env.db")'
ROLODEX_DB=$T/env.db "$BIN" --db "$T/opt.db" add "Opt Person" >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "--db wins over \$ROLODEX_DB" 0 'out == "1" and os.path.exists(T + "/opt.db")'
ROLODEX_DB=$T/env.db "$BIN" list --format tsv >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "\$ROLODEX_DB holds only its own card" 0 'out == "1\tEnv Person\t\t"'
rm -rf "$T/data" "$T/env.db" "$T/opt.db"

# ------------------------------------------------------------ add, list

run add "Ada Lovelace" --email "ada@example.org;label=work" --email ada@home.example \
	--phone "+44 20 7946 0000;label=mobile" --org "Analytical Engines" --title Mathematician \
	--tag acme-alumni --tag Mentor --birthday 1815-12-10 --cadence 3m --note "Kids: Byron and Annabella"
expect "add prints the new id" 0 'out == "1" and err == ""'
[ "$(stat -c %a "$DB")" = 600 ] && pass "a new database file is 0600" || fail "a new database file is 0600"

run add "Grace Hopper" --email grace@navy.example --birthday --12-09 --cadence 1m
expect "add with a yearless birthday" 0 'out == "2"'
run add "Alan Turing" --org "Bletchley Park" --email alan@example.org
expect "add a third card" 0 'out == "3"'
run add "Smith, John Q." --email john@example.com
expect "add a name with a comma" 0 'out == "4"'
run add 'Dwayne "The Rock" Johnson' --email rock@example.com
expect "add a name with quotes" 0 'out == "5"'

run list
expect "list: family-name order (Hopper before Lovelace)" 0 '
[l.split()[0] for l in out.split("\n")] == ["2", "5", "1", "4", "3"]'

"$PY" -S -E - "$T/out" <<'EOF' && pass "list table: every column starts at the same place in every row" || fail "list table: every column starts at the same place in every row"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
names = [l.index(w) for l, w in zip(lines, ["Grace", "Dwayne", "Ada", "Smith", "Alan"])]
emails = [l.index(w) for l, w in zip(lines, ["grace@", "rock@", "ada@", "john@", "alan@"])]
sys.exit(0 if len(set(names)) == 1 and len(set(emails)) == 1 else 1)
EOF

run list --format tsv
expect "list --format tsv: id, name, org, first email, tags" 0 '
out.split("\n")[2] == "1\tAda Lovelace\tAnalytical Engines\tada@example.org\tacme-alumni\tmentor" and
out.split("\n")[0] == "2\tGrace Hopper\t\tgrace@navy.example"'

run list --format emails
expect "list --format emails quotes names per RFC 5322" 0 '
out.split("\n") == ["Grace Hopper <grace@navy.example>",
 "\"Dwayne \\\"The Rock\\\" Johnson\" <rock@example.com>",
 "Ada Lovelace <ada@example.org>",
 "\"Smith, John Q.\" <john@example.com>",
 "Alan Turing <alan@example.org>"]'

run list --format to
expect "list --format to: one comma-separated To: line, names quoted per RFC 5322" 0 '
out == "Grace Hopper <grace@navy.example>, \"Dwayne \\\"The Rock\\\" Johnson\" <rock@example.com>, "
       "Ada Lovelace <ada@example.org>, \"Smith, John Q.\" <john@example.com>, Alan Turing <alan@example.org>"
and err == ""'
"$BIN" --db "$T/to.db" add "Lovelace, Ada" --email "ada@example.org" >/dev/null
"$BIN" --db "$T/to.db" add $'Evil\e]52;c;aGk=\a Name' >/dev/null
"$BIN" --db "$T/to.db" add "Ada King" --email "ADA@example.org" >/dev/null
"$BIN" --db "$T/to.db" add "Bad Address" --email "not an address" >/dev/null
"$BIN" --db "$T/to.db" list --format to >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "list --format to: each address once; who has none named on stderr, made harmless" 0 '
out == "Ada King <ADA@example.org>" and "\x1b" not in err and "\x07" not in err and
err == "rolodex: 1 card has no e-mail: Evil ]52;c;aGk= Name · 1 card has an e-mail that is not an address: Bad Address"'
"$BIN" --db "$T/to.db" list --format to --tag nosuch >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "list --format to: no cards, no line" 0 'out == "" and err == ""'
rm -f "$T/to.db"

run list --format json
expect "list --format json is an array of card objects" 0 '
len(js()) == 5 and js()[2]["name"] == "Ada Lovelace" and js()[2]["tags"] == ["acme-alumni", "mentor"]'

run list --tag mentor --format tsv
expect "list --tag" 0 'out.split("\t")[0] == "1" and len(out.split("\n")) == 1'

run list --search bletchley --format tsv
expect "list --search finds an organization" 0 'out.split("\t")[:2] == ["3", "Alan Turing"]'

run list --search '"(NEAR*-' --format tsv
expect "list --search with FTS syntax characters is no error" 0 'err == ""'

# ------------------------------------------------------------- show

run show 1 --format json
expect "show --format json has the documented keys and shapes" 0 '
(lambda j: j["id"] == 1 and j["name"] == "Ada Lovelace" and j["org"] == "Analytical Engines"
 and j["title"] == "Mathematician"
 and j["emails"] == [{"value": "ada@example.org", "label": "work"}, {"value": "ada@home.example", "label": None}]
 and j["phones"] == [{"value": "+44 20 7946 0000", "label": "mobile"}]
 and j["birthday"] == "1815-12-10" and j["tags"] == ["acme-alumni", "mentor"]
 and j["cadence_days"] == 90 and j["cadence"] == "3m" and j["last_contacted"] is None and j["due"] is True
 and j["notes"][0]["text"] == "Kids: Byron and Annabella" and j["touches"] == []
 and all(k in j for k in ["addresses", "urls", "nickname", "how_met", "snooze_until", "uid"]))(js())'

run show grace --format json
expect "show: a yearless birthday is --MM-DD" 0 'js()["birthday"] == "--12-09"'

run show lovelace
expect "show text: name, title and org, fields" 0 '
out.startswith("Ada Lovelace  #1\nMathematician · Analytical Engines\n") and "ada@example.org  (work)" in out
and "born     10 Dec 1815 (turns 211" in out and "never contacted" in out'

run show ada --format vcard
expect "show --format vcard writes a vCard" 0 'out.startswith("BEGIN:VCARD") and "FN:Ada Lovelace" in out and out.rstrip().endswith("END:VCARD")'

# -------------------------------------------------- contacted, note, due

run contacted ada --via coffee --date 2026-08-02 --note "engines"
expect "contacted with channel, date and note" 0 'out == "" and err == ""'
run contacted ada --via email --date 2026-09-15
expect "contacted again" 0
run contacted turing
expect "contacted defaults to today" 0
run note ada "Wants to meet Babbage's team."
expect "note from an argument" 0
run_in $'First line\nsecond line\n' note 1
expect "note from standard input" 0

run show 1 --format json
expect "touches and notes newest first, last contact derived" 0 '
(lambda j: [t["date"] for t in j["touches"]] == ["2026-09-15", "2026-08-02"]
 and {k: v for k, v in j["touches"][1].items() if k != "id"} == {"date": "2026-08-02", "channel": "coffee", "note": "engines", "origin": None}
 and all(isinstance(e["id"], int) for e in j["touches"] + j["notes"])
 and len({e["id"] for e in j["touches"]}) == 2 and len({e["id"] for e in j["notes"]}) == 3
 and j["touches"][0]["note"] is None and j["last_contacted"] == "2026-09-15"
 and j["notes"][0]["text"] == "First line\nsecond line" and len(j["notes"]) == 3
 and j["due"] is False)(js())'

run show turing --format json
expect "contacted without --date is today" 0 'js()["last_contacted"] == "2026-11-22" and js()["touches"][0]["channel"] == "other"'

run show 1
expect "show text lists touches and notes" 0 '
out.index("2026-09-15  email") < out.index("2026-08-02  coffee") and "First line\n" in out and "Notes" in out'

run due
expect "due lists the never-contacted card with a cadence" 0 'len(out.split("\n")) == 1 and "Grace Hopper" in out and "never contacted" in out'

ROLODEX_TODAY=2027-02-01 run due
expect "due: overdue cards come with how long" 0 '
[l.split()[0] for l in out.split("\n")] == ["2", "1"] and "overdue by" in out.split("\n")[1]'

run birthdays --days 30
expect "birthdays within 30 days, soonest first" 0 '
[l.split()[0] for l in out.split("\n")] == ["2", "1"] and "2026-12-09" in out and "turns 211" in out'
run birthdays --days 10
expect "birthdays --days narrows" 0 'out == ""'

# -------------------------------------------------------------- edit

run edit ada --set org=ACME --set title= --add "email=ada@acme.example;label=work" --remove email=ada@home.example \
	--set tags=a,b --add tag=c --remove tag=a --set cadence=45d --set snooze=2026-12-01 --set nickname=Countess
expect "edit with --set, --add and --remove" 0 'err == ""'
run show 1 --format json
expect "edit changed exactly what it said" 0 '
(lambda j: j["org"] == "ACME" and j["title"] is None and j["tags"] == ["b", "c"] and j["nickname"] == "Countess"
 and [e["value"] for e in j["emails"]] == ["ada@example.org", "ada@acme.example"]
 and j["cadence"] == "45d" and j["cadence_days"] == 45 and j["snooze_until"] == "2026-12-01")(js())'
run edit 1 --set email=only@example.org --set cadence=inherit --set snooze= --set birthday=--12-10
expect "edit --set email replaces the list" 0
run show 1 --format json
expect "edit: one email left, cadence inherited, snooze cleared" 0 '
(lambda j: [e["value"] for e in j["emails"]] == ["only@example.org"] and j["cadence"] is None
 and j["snooze_until"] is None and j["birthday"] == "--12-10")(js())'
run edit 3 --set "name=Alan M. Turing"
run list --format tsv --search turing
expect "edit --set name renames" 0 'out.split("\t")[1] == "Alan M. Turing"'

# --------------------------------------- JSON escaping and terminal output

ctl=$(printf 'Ctl\001\033[31mRed\177 "q" \\ back\ttab')
run add "$ctl" --org $'Caf\u00e9 \u65e5\u672c \U0001F600 \u2028sep' --note $'line1\nline2\r\n\x1b]0;title\x07'
expect "add a card with control characters and Unicode" 0 'out == "6"'
run show 6 --format json
expect "show --format json escapes every control character" 0 '
(lambda j: j["name"] == "Ctl\x01\x1b[31mRed\x7f \"q\" \\ back\ttab"
 and j["org"] == "Caf\u00e9 \u65e5\u672c \U0001F600 \u2028sep"
 and j["notes"][0]["text"].startswith("line1\nline2"))(js())
and not any(ord(c) < 0x20 and c != "\n" for c in out) and "\x7f" not in out and "\u2028" not in out
and "\\u001b" in out and "\\u0001" in out'
"$PY" -S -E -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/out" &&
	pass "JSON output is valid UTF-8" || fail "JSON output is valid UTF-8"

run list --format tsv --search ctl
expect "tsv keeps one row per card (tab inside a value becomes a space)" 0 'len(out.split("\n")) == 1 and out.count("\t") == 3'

if command -v script >/dev/null 2>&1; then
	script -qec "\"$BIN\" --db \"$DB\" show 6" /dev/null >"$T/out" 2>&1 </dev/null
	rc=$?
	out=$(<"$T/out")
	err=""
	expect "on a terminal card text never carries control sequences" 0 \
		'"Ctl" in out and "\x1b" not in out and "\x01" not in out and "\x07" not in out and "\x7f" not in out and "\u241b" in out'
	script -qec "\"$BIN\" --db \"$DB\" list" /dev/null >"$T/out" 2>&1 </dev/null
	rc=$?
	out=$(<"$T/out")
	expect "list on a terminal is sanitized too" 0 '"\x1b" not in out and "\x01" not in out'
else
	fail "script(1) is needed to test terminal output"
fi

# --------------------------------------------------- ambiguous CARD

run add "Ada Byron"
run show ada
expect "an ambiguous CARD lists the candidates and exits 1" 1 '
err.startswith("rolodex: ") and "Ada Byron" in err and "Ada Lovelace" in err and out == ""'
run show nobody-at-all
expect "an unknown CARD is an error" 1 "$one_error_line"

# ------------------------------------------------- delete, restore, purge

run delete "Ada Byron"
expect "delete moves to the trash" 0 '"trash" in out'
run list --trash --format tsv
expect "list --trash shows it" 0 'out.split("\t")[1] == "Ada Byron"'
# Exports read every table in card id order and put each card together:
# each live card once, nothing of the trashed one.
run list --format tsv
live=$(printf '%s\n' "$out" | grep -c .)
run export --format vcard
expect "export: one vCard per live card ($live), none from the trash" 0 \
	"out.count('BEGIN:VCARD') == out.count('END:VCARD') == $live and 'Ada Byron' not in out"
run export --format json
expect "export --format json: each live card once, in id order, none from the trash" 0 "
[c['id'] for c in js()['cards']] == sorted(set(c['id'] for c in js()['cards'])) and
len(js()['cards']) == $live and 'Ada Byron' not in [c['name'] for c in js()['cards']]"
# One card JSON writer: export's object of a card is show's, keys and
# values alike (notes and touches oldest first in the export, newest first
# in show).
printf '%s' "$out" >"$T/exported.json"
first_id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["cards"][0]["id"])' "$T/exported.json")
run show "$first_id" --format json
expect "export --format json: a card is the object show --format json prints, due and trashed_at included" 0 "
(lambda e, s: e == dict(s, notes=s['notes'][::-1], touches=s['touches'][::-1]) and 'due' in e and 'next_due' in e and 'trashed_at' in e)(
[c for c in json.load(open('$T/exported.json'))['cards'] if c['id'] == js()['id']][0], js())"
run note ada "After the trash: only one Ada is live."
expect "a trashed card no longer makes CARD ambiguous for live commands" 0 'err == ""'
run restore byron
expect "restore takes it out of the trash" 0
run list --trash
expect "the trash is empty again" 0 'out == ""'
bad "purge refuses a card not in the trash" 1 -- delete byron --purge
run delete byron
run delete byron --purge
expect "delete --purge erases a trashed card" 0 '"for good" in out'
run show 7
expect "a purged card is gone" 1 "$one_error_line"

# ------------------------------------------------------- check, backup

run check
expect "check on a sound database" 0 'out.startswith("ok: ")'
run backup "$T/backup.db"
expect "backup" 0 'os.path.exists(T + "/backup.db")'
[ "$(stat -c %a "$T/backup.db")" = 600 ] && pass "the backup is 0600" || fail "the backup is 0600"
"$BIN" --db "$T/backup.db" list --format tsv >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
expect "the backup is a working rolodex" 0 'len(out.split("\n")) == 6'
before=$(sha256sum "$T/backup.db")
bad "backup refuses to overwrite a file" 1 -- backup "$T/backup.db"
[ "$before" = "$(sha256sum "$T/backup.db")" ] && pass "the existing backup file is untouched" || fail "the existing backup file is untouched"

# ------------------------------------------------------------ bad input

bad "unknown command" 2 -- frobnicate
bad "unknown global option" 2 -- --frob list
bad "unknown option of a command" 2 '"--frob" in err' -- list --frob
bad "option without its value" 2 -- add X --org
bad "unknown format" 2 '"unknown format \x27xml\x27 (table, tsv, json, emails or to)" in err' -- list --format xml
bad "unknown format of show" 2 '"unknown format \x27xml\x27 (text, json or vcard)" in err' -- show 1 --format xml
bad "unknown format of tags" 2 '"unknown format \x27xml\x27 (table or json)" in err' -- tags --format xml
bad "unknown format of duplicates" 2 '"unknown format \x27xml\x27 (table or json)" in err' -- duplicates --format xml
bad "unknown format of review --status" 2 '"unknown format \x27xml\x27 (text or json)" in err' -- review --status --format xml
bad "add without a name" 2 -- add
bad "an empty name" 1 -- add "   "
bad "an impossible birthday" 1 '"2026-02-30" in err' -- add X --birthday 2026-02-30
bad "an impossible contact date" 1 '"2026-02-30" in err' -- contacted 1 --date 2026-02-30
bad "an impossible snooze date" 1 -- edit 1 --set snooze=2026-02-30
bad "an impossible birthday in edit" 1 -- edit 1 --set birthday=2026-13-01
bad "a bad cadence" 1 '"3x" in err' -- add X --cadence 3x
bad "a bad cadence in edit" 1 -- edit 1 --set cadence=often
bad "a bad channel" 1 '"pigeon" in err' -- contacted 1 --via pigeon
bad "a contact date in the future" 1 -- contacted 1 --date 2030-01-01
bad "a newline in a bad value stays on the one error line" 1 -- add X --cadence $'3\nx'
bad "escape sequences in a bad value are not sent to the terminal" 1 '"\x1b" not in err' -- contacted 1 --via $'\e[2Jpigeon'
bad "a name over its size limit" 1 '"1024" in err' -- add "$(head -c 1025 /dev/zero | tr '\0' x)"
bad "an organization over its size limit" 1 -- add X --org "$(head -c 4097 /dev/zero | tr '\0' x)"
bad "an email over its size limit" 1 -- add X --email "$(head -c 4097 /dev/zero | tr '\0' x)"
bad "an empty email" 1 -- add X --email ""
before=$(fingerprint "$DB")
head -c 1048577 /dev/zero | tr '\0' x | "$BIN" --db "$DB" note 1 >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
[ "$before" = "$(fingerprint "$DB")" ] && expect "a note over its size limit (1 MiB) on standard input" 1 "$one_error_line" ||
	fail "a note over its size limit (database unchanged)"
bad "invalid UTF-8 in a name" 1 '"UTF-8" in err' -- add "$(printf 'Bad\xff\xfe')"
bad "invalid UTF-8 in an option value" 1 '"UTF-8" in err' -- add X --org "$(printf '\xc3\x28')"
bad "an overlong UTF-8 form" 1 -- note 1 "$(printf '\xc0\xaf')"
bad "an empty note" 1 -- note 1 "  "
bad "edit of an unknown field" 2 -- edit 1 --set colour=blue
bad "edit without changes" 2 -- edit 1
bad "edit removing a value the card lacks" 1 -- edit 1 --remove email=none@example.org
bad "edit emptying the name" 1 -- edit 1 --set name=
bad "birthdays --days out of range" 2 -- birthdays --days 999
bad "show of an unknown card" 1 -- show 999
bad "delete of an unknown card" 1 -- delete 999

before=$(fingerprint "$DB")
printf 'bad\xffnote' | "$BIN" --db "$DB" note 1 >"$T/out" 2>"$T/err"; rc=$?; out=$(<"$T/out"); err=$(<"$T/err")
[ "$before" = "$(fingerprint "$DB")" ] && expect "invalid UTF-8 on standard input" 1 "$one_error_line" ||
	fail "invalid UTF-8 on standard input (database unchanged)"

ROLODEX_TODAY=2026-02-30 run list
expect "an impossible ROLODEX_TODAY" 2 "$one_error_line and 'ROLODEX_TODAY' in err"

# A write command on a missing database with bad input creates nothing.
SAVED_DB=$DB
DB=$T/never/created.db
bad "bad input never creates the database" 1 'not os.path.exists(T + "/never")' -- add X --birthday 2026-02-30
DB=$SAVED_DB

# --db that is a directory
mkdir -p "$T/adir"
DB=$T/adir
run list
expect "--db naming a directory" 1 "$one_error_line and ('directory' in err or 'folder' in err)"
run add X
expect "--db naming a directory, writing" 1 "$one_error_line"
DB=$SAVED_DB

# Permissions: root ignores them, so drop to nobody when root.
perm_dir=$T/perm
mkdir -p "$perm_dir"
cp "$DB" "$perm_dir/ro.db"
cp "$DB" "$perm_dir/unreadable.db"
mkdir -p "$perm_dir/rodir"
cp "$DB" "$perm_dir/rodir/r.db"
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		fail "setpriv(1) is needed to test permissions as root"
	fi
	chmod 755 "$T"
	chown -R 65534:65534 "$perm_dir"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	echo "# running as root: permission cases run as uid 65534 via setpriv"
else
	as_user() { "$@"; }
fi
chmod 0400 "$perm_dir/ro.db"
chmod 0000 "$perm_dir/unreadable.db"
chmod 0500 "$perm_dir/rodir"

# run_as DB ARGS...
run_as() {
	local db=$1
	shift
	as_user env HOME="$perm_dir" "$BIN" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	out=$(<"$T/out")
	err=$(<"$T/err")
}
# bad_as WHAT RC DB ARGS...: as run_as, with the unchanged-file check.
bad_as() {
	local what=$1 want=$2 db=$3
	shift 3
	local before
	before=$(fingerprint "$db")
	run_as "$db" "$@"
	if [ "$before" != "$(fingerprint "$db")" ]; then
		fail "$what (database unchanged)"
		return
	fi
	expect "$what" "$want" "$one_error_line"
}

run_as "$perm_dir/ro.db" list --format tsv
expect "a read-only database file can be listed" 0 'len(out.split("\n")) == 6'
run_as "$perm_dir/ro.db" show 1 --format json
expect "a read-only database file can be shown" 0 'js()["id"] == 1'
bad_as "a read-only database file refuses add" 1 "$perm_dir/ro.db" add "New Person"
bad_as "a read-only database file refuses contacted" 1 "$perm_dir/ro.db" contacted 1
run_as "$perm_dir/rodir/r.db" list --format tsv
expect "a database in a read-only folder can be listed" 0 'len(out.split("\n")) == 6'
bad_as "a database in a read-only folder refuses note" 1 "$perm_dir/rodir/r.db" note 1 hello
bad_as "an unreadable database file" 1 "$perm_dir/unreadable.db" list
bad_as "an unreadable database file, writing" 1 "$perm_dir/unreadable.db" add X
chmod 0700 "$perm_dir/rodir"

# A database from a newer version, a foreign SQLite file, a corrupt file.
cp "$DB" "$T/newer.db"
"$PY" -S -E -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 99"); c.commit(); c.close()' "$T/newer.db"
DB=$T/newer.db
bad "a database from a newer version is refused (list)" 1 '"newer" in err and db in err' -- list
bad "a database from a newer version is refused (add)" 1 -- add X
bad "a database from a newer version is refused (check)" 1 -- check

"$PY" -S -E -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA application_id = 1234")
c.execute("CREATE TABLE songs (title TEXT)")
c.execute("INSERT INTO songs VALUES (?)", ("Yesterday",))
c.commit(); c.close()' "$T/foreign.db"
DB=$T/foreign.db
bad "a foreign SQLite file is refused (list)" 1 'db in err' -- list
bad "a foreign SQLite file is refused (add)" 1 -- add X

printf 'this is not a database at all, just text\n' >"$T/text.db"
DB=$T/text.db
bad "a file that is not SQLite is refused" 1 -- list
bad "a file that is not SQLite is refused (check)" 1 -- check

cp "$SAVED_DB" "$T/corrupt.db"
size=$(stat -c %s "$T/corrupt.db")
# Garbage over everything after the first page: the header still says
# "SQLite" but the tables are destroyed.
"$PY" -S -E -c '
import sys
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
for i in range(4096, len(data)):
    data[i] = (i * 131 + 7) & 0xFF
open(p, "wb").write(data)' "$T/corrupt.db"
DB=$T/corrupt.db
bad "a corrupt database is refused (list)" 1 'db in err' -- list
bad "a corrupt database is refused (add)" 1 -- add X
before=$(fingerprint "$DB")
run check
[ "$rc" = 1 ] && [ "$before" = "$(fingerprint "$DB")" ] && case $err in rolodex:*) true ;; *) false ;; esac &&
	pass "check: exit 1, a rolodex: report, file untouched" || fail "check: exit 1, a rolodex: report, file untouched"
[ "$(stat -c %s "$T/corrupt.db")" = "$size" ] && pass "the corrupt file keeps its size" || fail "the corrupt file keeps its size"
DB=$SAVED_DB

echo "1..$n"
if [ "$failed" -ne 0 ]; then
	echo "# $failed of $n checks failed"
	exit 1
fi
echo "# all $n checks passed"
