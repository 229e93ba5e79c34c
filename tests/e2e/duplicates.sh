#!/bin/bash
# duplicates.sh - the browser's duplicates view (`=`): two cards typed in
# with the same email show as a pair, x swaps which card is kept, n leaves
# both alone, y merges the right card into the left one; afterwards one
# card remains with both cards' notes and touches (checked with the JSON
# output of `list` and `show`, not the screen).
. "$(dirname "$0")/lib.sh"
e2e_setup
printf 'animation = off\n' >"$XDG_CONFIG_HOME/rolodex/config"

seed()
{
	rdx add "Ada Lovelace" --email ada@example.org --org "Analytical Engines" \
		--note "Met at the engine demo." >/dev/null &&
	rdx contacted "Lovelace" --via coffee --date 2026-08-02 --note "coffee in Marylebone" >/dev/null &&
	rdx add "Ada King" --email ADA@example.org --org "Countess of Lovelace" \
		--note "Prefers letters." >/dev/null &&
	rdx contacted "King" --via call --date 2026-09-14 --note "called about the notes" >/dev/null &&
	rdx add "Grace Hopper" --email grace@example.org >/dev/null
}
check "two cards with the same email, and one more" seed

# python3 reads the JSON on stdin and runs the check given as $1.
json_check()
{
	python3 -S -E -c "import json, sys
d = json.load(sys.stdin)
$1"
}

# wait_re REGEX: like wait_for, for an extended regular expression (the
# name columns are padded to the longest name).
wait_re()
{
	local tries=$((E2E_TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

start_rolodex 100 30
check "the browser starts" wait_for "of 3"
keys =
check "= lists the pair, kept card first" wait_re "Ada Lovelace +⇄  Ada King +same email"
check "with the reason" wait_for "same email ada@example.org"
save_screen duplicates-100x30
keys '?'
check "? lists the view's own keys" wait_for "swap which card is kept"
keys Escape
check "Esc closes the help" wait_gone "swap which card is kept"
keys x
check "x swaps which card is kept" wait_re "Ada King +⇄  Ada Lovelace +same email"
keys Tab
check "Tab swaps back" wait_re "Ada Lovelace +⇄  Ada King +same email"
keys Enter
check "Enter asks first" wait_for "Merge Ada King into Ada Lovelace"
keys n
check "n merges nothing" wait_for "Nothing merged"
check "the pair is still listed" wait_re "Ada Lovelace +⇄  Ada King +same email"
check "n left both cards" bash -c "'$ROLODEX_BIN' --db '$DB' list --format json | python3 -S -E -c 'import json, sys; assert len(json.load(sys.stdin)) == 3'"
keys Enter
check "Enter asks again" wait_for "(y/n)"
keys y
check "y merges and says so" wait_for "Merged Ada King into Ada Lovelace"
check "the status line names what was kept aside" wait_for 'kept aside in a note: name "Ada King"'
check "the list reloads: no likely duplicates" wait_for "No likely duplicates"
keys Escape
check "Esc closes the view" wait_gone "No likely duplicates"
keys q
check "quits" terminal_restored

check "one Ada card remains" sh -c "'$ROLODEX_BIN' --db '$DB' list --format json >'$E2E_DIR/list.json'"
check "list: Ada Lovelace and Grace Hopper only" json_check \
	"assert sorted(c['name'] for c in d) == ['Ada Lovelace', 'Grace Hopper'], d" <"$E2E_DIR/list.json"
rdx show "Ada Lovelace" --format json >"$E2E_DIR/show.json"
check "show: both cards' notes" json_check "
texts = [n['text'] for n in d['notes']]
assert 'Met at the engine demo.' in texts and 'Prefers letters.' in texts, texts" <"$E2E_DIR/show.json"
check "show: a note records the org it did not keep" json_check "
assert any('Countess of Lovelace' in n['text'] for n in d['notes']), d['notes']" <"$E2E_DIR/show.json"
check "show: both cards' touches" json_check "
t = sorted((x['date'], x['channel'], x['note']) for x in d['touches'])
assert t == [('2026-08-02', 'coffee', 'coffee in Marylebone'), ('2026-09-14', 'call', 'called about the notes')], t" \
	<"$E2E_DIR/show.json"
check "show: the kept card's own values" json_check \
	"assert d['org'] == 'Analytical Engines' and d['last_contacted'] == '2026-09-14', d" <"$E2E_DIR/show.json"
check "the merged card is in the trash" sh -c "'$ROLODEX_BIN' --db '$DB' list --trash --format json | grep -q '\"Ada King\"'"

e2e_finish
