#!/usr/bin/env bash
# smoke.sh - the bench-smoke test: generates a 1k rolodex and checks that
# its four forms agree (cards, emails, notes and touches in the database,
# the vCard file, the vdir and the abook file), that the FTS index has a
# row per card, that the database passes rolodex's checks and that a second
# run writes the same bytes.
set -euo pipefail
gen=${GEN_ROLODEX:?}
bin=${ROLODEX_BIN:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$gen" -n 1k --db "$tmp/r.db" --vcf "$tmp/r.vcf" --vdir "$tmp/vdir" --abook "$tmp/r.abook" --info "$tmp/info"
# key=value lines; values may hold spaces (names).
info() { sed -n "s/^$1=//p" "$tmp/info"; }
cards=$(info cards) emails=$(info emails) notes=$(info notes) touches=$(info touches)
birthdays=$(info birthdays) query=$(info query) first_name=$(info first_name) show_id=$(info show_id)
[ "$cards" -eq 1000 ] || fail "info says $cards cards"

sql() { sqlite3 -batch -noheader "$tmp/r.db" "$1"; }
[ "$(sql 'SELECT count(*) FROM card')" -eq 1000 ] || fail "database cards"
[ "$(sql 'SELECT count(*) FROM card_fts')" -eq 1000 ] || fail "FTS rows"
[ "$(sql "SELECT count(*) FROM card_field WHERE kind = 'email'")" -eq "$emails" ] || fail "database emails"
[ "$(sql 'SELECT count(*) FROM note')" -eq "$notes" ] || fail "database notes"
[ "$(sql 'SELECT count(*) FROM touch')" -eq "$touches" ] || fail "database touches"
[ "$(sql 'SELECT count(*) FROM card WHERE bday_month IS NOT NULL')" -eq "$birthdays" ] || fail "birthdays"
[ "$(sql 'SELECT count(*) FROM card WHERE bday_month IS NOT NULL AND bday_year IS NULL')" -gt 0 ] || fail "no birthday without a year"
# Several scripts: Latin with accents, CJK, Cyrillic, Greek, Arabic.
for probe in 'é' '王' 'Ив' 'Ν' 'م'; do
	[ "$(sql "SELECT count(*) FROM card WHERE name LIKE '%$probe%'")" -gt 0 ] || fail "no name with $probe"
done

[ "$(grep -c '^BEGIN:VCARD' "$tmp/r.vcf")" -eq 1000 ] || fail "vCard count"
[ "$(grep -c '^EMAIL' "$tmp/r.vcf")" -eq "$emails" ] || fail "vCard emails"
[ "$(find "$tmp/vdir" -name '*.vcf' | wc -l)" -eq 1000 ] || fail "vdir files"
# The vdir holds the same cards, one per file named by uid (zero-padded,
# so the glob's order is the file's order).
cat "$tmp"/vdir/*.vcf | cmp -s - "$tmp/r.vcf" || fail "vdir differs from the vCard file"
[ "$(grep -c '^\[[0-9]*\]$' "$tmp/r.abook")" -eq 1000 ] || fail "abook entries"
abook_emails=$(awk -F'=' '/^email=/ { n += split($2, a, ",") } END { print n + 0 }' "$tmp/r.abook")
[ "$abook_emails" -eq "$emails" ] || fail "abook emails ($abook_emails, want $emails)"

# The query string selects exactly one card, and rolodex agrees.
[ "$("$bin" --db "$tmp/r.db" list --search "$query" --format tsv | wc -l)" -eq 1 ] || fail "query selects one card"
[ "$("$bin" --db "$tmp/r.db" list --format tsv | head -n 1 | cut -f 2)" = "$first_name" ] || fail "first card"
"$bin" --db "$tmp/r.db" check >/dev/null || fail "rolodex check"

# Deterministic: a second run writes the same vCard bytes and database rows.
"$gen" -n 1k --db "$tmp/s.db" --vcf "$tmp/s.vcf"
cmp -s "$tmp/r.vcf" "$tmp/s.vcf" || fail "vCard differs between runs"
a=$(sqlite3 "$tmp/r.db" 'SELECT group_concat(uid || name || sort_key) FROM card' | md5sum)
b=$(sqlite3 "$tmp/s.db" 'SELECT group_concat(uid || name || sort_key) FROM card' | md5sum)
[ "$a" = "$b" ] || fail "database differs between runs"
echo "ok: 1000 cards, $emails emails, $notes notes, $touches touches agree in all four forms"
