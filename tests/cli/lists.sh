#!/bin/bash
# tests/cli/lists.sh - lists that answer review-day questions: `list --sort
# name|last|due`, `tags` with counts and rhythms, `tag --rename` and `tag
# --cadence`, and the search qualifiers as `list --search` reads them.
# TAP output.
set -u

. "$(dirname "$0")/lib.sh"

# ids: the first column of the output, on one line.
ids() { awk '{print $1}' "$T/out" | tr '\n' ' ' | sed 's/ $//'; }

run add "Zed Adams" --cadence 1m --tag acme-alumni
run add "Bob Brown" --cadence 3m --tag acme-alumni --tag mentor
run add "Al Clark" --tag friends
run add "Cy Dunn" --cadence 1y
run contacted 1 --date 2026-10-01
run contacted 2 --date 2026-11-01
run contacted 3 --date 2026-01-01

# ---- list --sort
run list
check "list sorts by name by default" eval '[ "$(ids)" = "1 2 3 4" ]'
run list --sort name
check "list --sort name is the default order" eval '[ "$(ids)" = "1 2 3 4" ]'
run list --sort last
check "list --sort last: never contacted, then the longest ago first" eval '[ "$(ids)" = "4 3 1 2" ]'
run list --sort due
check "list --sort due: due now, then soonest, no rhythm last" eval '[ "$(ids)" = "4 1 2 3" ]'
run list --sort due --format json
check "list --sort due --format json keeps the order" \
	eval '[ "$(python3 -c "import json,sys; print(\" \".join(str(c[\"id\"]) for c in json.load(open(sys.argv[1]))))" "$T/out")" = "4 1 2 3" ]'
run list --sort last --tag acme-alumni
check "list --sort works with a filter" eval '[ "$(ids)" = "1 2" ]'
run list --sort age
check "list --sort with an unknown order is a usage error" eval '[ "$rc" = 2 ] && err_has "unknown sort .age. (name, last or due)"'

# ---- tags
run tags
check "tags lists each tag with its card count" \
	eval '[ "$rc" = 0 ] && has "^acme-alumni  *2 cards$" && has "^friends  *1 card$" && has "^mentor  *1 card$"'
run tag --cadence acme-alumni 3m
check "tag --cadence sets a tag's rhythm" eval '[ "$rc" = 0 ] && out_is ""'
run tags
check "  and tags shows it" has "^acme-alumni  *2 cards  every 3 months$"
run tags --format json
check "tags --format json" \
	eval 'python3 -c "import json,sys; t=json.load(open(sys.argv[1])); sys.exit(t[0] != {\"name\": \"acme-alumni\", \"cards\": 2, \"cadence\": \"3m\"})" "$T/out"'
run tag --cadence acme-alumni sometimes
check "tag --cadence refuses a rhythm it cannot read" eval '[ "$rc" = 1 ] && err_has "not a cadence"'
run tag --rename acme-alumni acme
check "tag --rename renames on every card" eval '[ "$rc" = 0 ] && out_is "2 cards retagged"'
run tags
check "  the old name is gone, the rhythm moved with it" eval '! has "acme-alumni" && has "^acme  *2 cards  every 3 months$"'
run list --search tag:acme
check "  search finds the cards by the new name" eval '[ "$(ids)" = "1 2" ]'
run show 2 --format json
check "  the card's tags are in their order" eval 'python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"tags\"] != [\"acme\", \"mentor\"])" "$T/out"'
run tag --rename mentor acme
check "renaming onto a tag the card has keeps one" eval '[ "$rc" = 0 ] && out_is "1 card retagged"'
run show 2 --format json
check "  one acme on card 2" eval 'python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"tags\"] != [\"acme\"])" "$T/out"'
before=$(sha256sum "$DB")
run tag --rename nosuch other
check "renaming a tag nobody has fails and changes nothing" \
	eval '[ "$rc" = 1 ] && err_has "no card has the tag .nosuch." && [ "$(sha256sum "$DB")" = "$before" ]'
run tag --cadence acme none
run tags
check "tag --cadence TAG none clears the rhythm" has "^acme  *2 cards$"
run tag --rename acme
check "tag --rename with one name is a usage error" eval '[ "$rc" = 2 ] && err_has "needs OLD and NEW"'

# ---- search as people type it (list --search)
run add "Дмитрий Иванов" --phone "+33 1 23 45 67 89"
run add "Αλέξανδρος Παπαδόπουλος" --phone "+1 (212) 555-1234"
run list --search ivanov
check "list --search ivanov finds Дмитрий Иванов" eval '[ "$(ids)" = 5 ]'
run list --search papadopoulos
check "list --search papadopoulos finds Αλέξανδρος Παπαδόπουλος" eval '[ "$(ids)" = 6 ]'
run list --search "+33"
check "list --search +33 finds the number by its country code" eval '[ "$(ids)" = 5 ]'
run list --search "555 1234"
check "list --search '555 1234' finds +1 (212) 555-1234" eval '[ "$(ids)" = 6 ]'
run list --search "555-1234"
check "list --search 555-1234 as well" eval '[ "$(ids)" = 6 ]'
run list --search "tag:acm"
check "list --search tag:acm finds the tags starting with it" eval '[ "$(ids)" = "1 2" ]'
run list --search "last:>6m"
check "list --search last:>6m: long ago or never" eval '[ "$(ids)" = "3 4 6 5" ]'
run list --search "last:<4w"
check "list --search last:<4w: within four weeks" eval '[ "$(ids)" = 2 ]'
run list --search "last:never"
check "list --search last:never" eval '[ "$(ids)" = "4 6 5" ]'
run list --search "last:2026"
check "list --search last:2026" eval '[ "$(ids)" = "1 2 3" ]'
run list --search "due:no"
check "list --search due:no: the cards that are not due" eval '[ "$(ids)" = "2 3 6 5" ]'
run list --search "due:y"
check "list --search due:y says what due: takes (exit 2)" eval '[ "$rc" = 2 ] && out_is "" && err_has "due: yes or no"'
run list --search "last:>6"
check "list --search last:>6 says what last: takes" eval '[ "$rc" = 2 ] && err_has "last: >6m, <2w, never or a year"'

# ---- query: mutt's address look-up (address TAB name TAB org or label)
# run_db DB ARGS...: rolodex on another database.
run_db() {
	local db=$1
	shift
	"$BIN" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
run_db "$T/q.db" add "Ada Zuse" --email "ada.zuse@example.org;label=work" --email "az@example.net;label=home"
run_db "$T/q.db" add "Ada Byron" --org "Analytical Engines" --email ada@example.org --phone "+44 20 7946 0000"
run_db "$T/q.db" add "Adam Phone" --phone "+44 20 7946 0001"
run_db "$T/q.db" add "Grace Hopper" --email grace@example.com
run_db "$T/q.db" query ada
check "query: cards in name order, each card's addresses in its order, org else label" \
	eval '[ "$rc" = 0 ] && out_is "$(printf "rolodex: 3 addresses\nada@example.org\tAda Byron\tAnalytical Engines\nada.zuse@example.org\tAda Zuse\twork\naz@example.net\tAda Zuse\thome")"'
run_db "$T/q.db" query nobody
check "query without a match: exit 1, 0 addresses" eval '[ "$rc" = 1 ] && out_is "rolodex: 0 addresses"'
# 400 cards of three addresses each: the query stops at a thousand
# addresses, but never within a card.
{
	for i in $(seq 1000 1399); do
		printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many %s\r\nN:Many;%s;;;\r\n' "$i" "$i"
		printf 'EMAIL:a%s@example.org\r\nEMAIL:b%s@example.org\r\nEMAIL:c%s@example.org\r\nEND:VCARD\r\n' "$i" "$i" "$i"
	done
} >"$T/many.vcf"
run_db "$T/many.db" import "$T/many.vcf"
run_db "$T/many.db" query many
check "query stops after the card that reaches 1,000 addresses" \
	eval '[ "$rc" = 0 ] && [ "$(head -n 1 "$T/out")" = "rolodex: 1002 addresses" ] && [ "$(wc -l <"$T/out")" = 1003 ] && [ "$(tail -n 1 "$T/out")" = "$(printf "c1333@example.org\tMany 1333\t")" ]'

finish
