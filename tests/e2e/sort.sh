#!/bin/bash
# sort.sh - the browser's order (o): by name, by last contacted, by due
# date and back, in the order `rolodex list --sort` prints (one rule);
# flipping, Home/End, the A-Z jump, search and filters follow it; the order
# stays while cards are contacted; the status line says it; the `sort`
# setting picks it at start.  The list pane's last-contacted and due
# columns at 200x50, and what 80 columns keep.  The demo cards, today fixed.
. "$(dirname "$0")/lib.sh"
e2e_setup
printf 'animation = off\n' >"$XDG_CONFIG_HOME/rolodex/config"
ROOT="${ROLODEX_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
rdx import "$ROOT/assets/demo.vcf" >/dev/null || { echo "not ok 1 - importing the demo cards"; exit 1; }

# The names in `rolodex list --sort BY [--search Q]` order, one a line.
cli_order()
{
	local by=$1
	shift
	rdx list --sort "$by" --format tsv "$@" | cut -f2
}

# in_screen_order NAME...: true when the names stand on the screen in this
# order, top to bottom, each on its own row.
in_screen_order()
{
	local last=-1 row name
	for name in "$@"; do
		row=$(row_of "$name")
		[ -n "$row" ] && [ "$row" -gt "$last" ] || return 1
		last=$row
	done
}

# first_rows_in_order BY [ARGS]: the CLI's first five, in order on screen.
first_rows_in_order()
{
	local names=()
	mapfile -t names < <(cli_order "$@" | head -n 5)
	in_screen_order "${names[@]}"
}

# ---- 80x24: the order, its flips and jumps, in the card and the list ----
start_rolodex 80 24
check "opens by name" wait_for "1 of 40"
check "by name, the status line says no order" wait_gone "sorted by"
keys o
check "o sorts by last contacted, and says so" wait_for "sorted by last contacted"
keys Home
first_last=$(cli_order last | head -n 1)
second_last=$(cli_order last | sed -n 2p)
check "Home: the first card by last contact, as rolodex list --sort last" wait_for "$first_last"
check "its position in that order" wait_for "1 of 40 · sorted by last contacted"
keys Right
check "→ flips to the next card in that order" wait_for "$second_last"
check "… and counts in that order" wait_for "2 of 40"
keys End
check "End: the most recently contacted" wait_for "$(cli_order last | tail -n 1)"
keys Tab
check "the list pane has headings" wait_for "last"
keys Home
check "the list pane shows that order" wait_cmd "$E2E_TIMEOUT" first_rows_in_order last
check "the list pane shows when each was last contacted" wait_for "never"
# 19 rows under the headings: a page is 18, one row stays in sight.
keys NPage
check "PgDn in the list pane: a page of rows, less one" wait_for "19 of 40"
keys Tab

# A letter jumps to the first card under it in this order: Marcus Johnson
# was never contacted, Katherine Johnson on 1 Jun (by name she comes first).
keys J
check "J jumps to the first J in this order" wait_for "Marcus Johnson"

# The order stays while cards are contacted: the card stays where it was,
# and → goes on to the card that came next.
keys Home
check "back at the first card" wait_for "1 of 40"
keys c
check "c asks how" wait_for "How? One key"
keys f
check "f picks coffee" wait_for "Note (optional)"
keys Enter
check "the touch is recorded" wait_for "Recorded: coffee with $first_last today"
check "the contacted card keeps its place" wait_for "1 of 40"
keys Right
check "→ goes on to the card that came next" wait_for "$second_last"
check "… at its place" wait_for "2 of 40 · sorted by last contacted"

# Search and filters keep the order.
keys /
type_text "acme"
keys Enter
check "a search keeps the order" wait_for "sorted by last contacted · \"acme\""
keys Home
check "the search's first card by last contact" wait_for "$(cli_order last --search acme | head -n 1)"
check "the search's count" wait_for "1 of $(cli_order last --search acme | wc -l)"
keys Escape
keys '!'
check "the due filter keeps the order" wait_for "sorted by last contacted · due"
# A card contacted there is no longer due: it leaves, the next takes its slot.
keys Home
due_first=$(cli_order last --due | head -n 1)
due_second=$(cli_order last --due | sed -n 2p)
due_count=$(cli_order last --due | wc -l)
check "the first due card by last contact" wait_for "$due_first"
keys c
wait_for "How? One key"
keys f
wait_for "Note (optional)"
keys Enter
check "contacted, it leaves the due cards: the next takes its slot" wait_for "$due_second"
keys Right
check "… which is now the first of one fewer" wait_for "2 of $((due_count - 1)) · sorted by last contacted · due"
keys '!'

keys o
check "o again sorts by due date" wait_for "sorted by due date"
keys Home
check "the first card by due date, as rolodex list --sort due" wait_for "$(cli_order due | head -n 1)"
keys Tab
check "the list pane shows the due order" wait_cmd "$E2E_TIMEOUT" first_rows_in_order due
check "the due column shows due status" wait_for "due now"
keys Tab
keys o
check "o a third time: back to names" wait_for "Sorted by name"
keys Home
check "the first card by name" wait_for "$(cli_order name | head -n 1)"
check "by name again, no order in the status line" wait_gone "sorted by"
keys '?'
check "help lists o" wait_for "sort by name, last contacted or due date"
keys Escape
keys q
check "quits" terminal_restored

# ---- 200x50: the list pane beside the card, with its columns -----------
start_rolodex 200 50
check "wide: the list pane with columns" wait_for "organization"
check "the last-contacted column" wait_cmd "$E2E_TIMEOUT" sh -c "tmux -L '$E2E_SERVER' capture-pane -p | grep -E 'Olusegun Adeyemi +Lagos Fintech +25 May +overdue by 2 months'"
check "a card never contacted says so" wait_cmd "$E2E_TIMEOUT" sh -c "tmux -L '$E2E_SERVER' capture-pane -p | grep -E 'Marcus Johnson +Redwood Partners +never +due now'"
check "a date in another year shows its year" wait_for "20 Dec 2025"
check "the hints offer o" wait_for "o sort"
keys o
check "wide: sorted by last contacted" wait_for "sorted by last contacted"
keys Home
check "wide: the list in that order" wait_cmd "$E2E_TIMEOUT" first_rows_in_order last
keys q
check "quits at 200x50" terminal_restored

# ---- the setting: sort = due at start -----------------------------------
printf 'animation = off\nsort = due\n' >"$XDG_CONFIG_HOME/rolodex/config"
start_rolodex 80 24
check "sort = due starts sorted by due date" wait_for "sorted by due date"
check "… on the first card by due date" wait_for "$(cli_order due | head -n 1)"
keys q
check "quits with sort = due" terminal_restored
printf 'sort = sideways\n' >"$XDG_CONFIG_HOME/rolodex/config"
start_rolodex 200 50
check "a bad sort setting is named" wait_for "name, last or due"
keys q
check "quits after a bad setting" terminal_restored

e2e_finish
