#!/bin/bash
# tests/cli/honest.sh - a command line that never misleads: a named
# database that does not exist is an error, not an empty rolodex; `due`
# says when nothing can ever be due; `show` writes birthdays as people do;
# an import's report names the card that was kept and claims nothing that
# was rolled back; card text never carries control sequences, piped or not.
# TAP output.
set -u

. "$(dirname "$0")/lib.sh"


# ---- a database the user named must exist to be read
for cmd in list "show 1" due birthdays "query ada" "export" duplicates; do
	# shellcheck disable=SC2086
	run $cmd
	check "$cmd on a missing --db fails: no rolodex at PATH" \
		eval '[ "$rc" = 1 ] && out_is "" && err_is "rolodex: no rolodex at $DB" && [ ! -e "$DB" ]'
done
ROLODEX_DB=$T/env.db "$BIN" list >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "list on a missing \$ROLODEX_DB fails the same way" \
	eval '[ "$rc" = 1 ] && err_is "rolodex: no rolodex at $T/env.db" && [ ! -e "$T/env.db" ]'

"$BIN" --db "$T/no/such/dir/x.db" add "Ada Lovelace" >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "add to a --db in a missing folder fails and creates no folder" \
	eval '[ "$rc" = 1 ] && out_is "" && err_is "rolodex: cannot create $T/no/such/dir/x.db: its folder does not exist" && [ ! -e "$T/no" ]'
touch "$T/plainfile"
"$BIN" --db "$T/plainfile/x.db" add "Ada Lovelace" >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "add to a --db under a file fails, naming it" \
	eval '[ "$rc" = 1 ] && err_has "plainfile/x.db: Not a directory"'

run add "Ada Lovelace" --birthday --03-17
check "add to a --db in an existing folder creates the file" eval '[ "$rc" = 0 ] && out_is 1 && [ -f "$DB" ]'

"$BIN" list >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "list at the default place, not created yet, is an empty rolodex" \
	eval '[ "$rc" = 0 ] && out_is "" && err_is "" && [ ! -e "$T/data" ]'
"$BIN" add "Grace Hopper" >"$T/out" 2>"$T/err" </dev/null; rc=$?
check "add at the default place creates it with its folders" \
	eval '[ "$rc" = 0 ] && [ -f "$T/data/rolodex/rolodex.db" ]'

# ---- due with no rhythm anywhere
run due
check "due without any rhythm says so on stderr, exit 0" \
	eval '[ "$rc" = 0 ] && out_is "" && err_has "no card has a keep-in-touch rhythm" && err_has "rolodex tag --cadence TAG 3m"'
run edit 1 --set cadence=3m
run due
check "due with a rhythm lists the card and says nothing else" \
	eval '[ "$rc" = 0 ] && has "Ada Lovelace  never contacted" && err_is ""'
run contacted 1 --date 2026-11-20
run due
check "nothing due while a rhythm exists: silent, exit 0" eval '[ "$rc" = 0 ] && out_is "" && err_is ""'

# ---- birthdays as people write them
run show 1
check "show prints a year-less birthday as the card does (17 Mar)" has "^born     17 Mar (birthday "
run add "Charles Babbage" --birthday 1791-12-26
run show 2
check "show prints a birthday with its year as 26 Dec 1791" has "^born     26 Dec 1791 (turns 235 "

# ---- control sequences from card data, piped
run add "Eve Example" --org "$(printf 'Evil\033]0;pwned\007 Corp')" --note "$(printf 'red \033[31mtext\033[0m\nsecond line')"
eve=$(cat "$T/out")
run show "$eve"
check "show | less -R: a note's ESC sequences are made visible" \
	eval '! grep -q "$(printf "\033")" "$T/out" && has "red ␛\[31mtext" && has "second line"'
check "  and the organization's OSC and BEL too" eval '! grep -q "$(printf "\007")" "$T/out" && has "Evil␛\]0;pwned␇ Corp"'
run list
check "list (table) piped carries no ESC" eval '[ "$rc" = 0 ] && ! grep -q "$(printf "\033")" "$T/out"'
run list --format tsv
check "list --format tsv piped carries no ESC" eval '[ "$rc" = 0 ] && ! grep -q "$(printf "\033")" "$T/out"'

# ---- the import report
run add "Augusta Ada King" --email ada@example.org
king=$(cat "$T/out")
printf 'BEGIN:VCARD\nVERSION:4.0\nFN:A. Lovelace\nEMAIL:ADA@example.org\nTEL:+44 20 7946 0018\nEND:VCARD\n' >"$T/one.vcf"
run import "$T/one.vcf"
check "an import's merged line names the card that was kept" \
	eval '[ "$rc" = 0 ] && has "^merged    $T/one.vcf:1  Augusta Ada King (#$king): matched by email"'
check "  and says what the file called it" has 'kept name "Augusta Ada King", the file has "A. Lovelace"'
printf 'BEGIN:VCARD\nVERSION:4.0\nFN:A. Lovelace\nEMAIL:ADA@example.org\nTEL:+44 20 7946 0099\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nEND:VCARD\n' >"$T/two.vcf"
run import "$T/two.vcf"
check "a rolled-back import prints no merged line" \
	eval '[ "$rc" = 1 ] && ! grep -q "^merged" "$T/out" "$T/err" && err_has "nothing was imported"'
run show "$king"
check "  and the card was not changed" eval '! has "7946 0099"'

finish
