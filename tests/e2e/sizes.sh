#!/bin/bash
# sizes.sh - the browser at 132x40 (list pane beside the card), at 20x5
# ("terminal too small", still alive), and resizing: mid-flip, inside a
# form, down to 20x5 and back.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
resize() { tmux -L "$E2E_SERVER" resize-window -x "$1" -y "$2"; }
# The status line sits on the second row from the bottom.
at_row() { [ "$(row_of "$1")" = "$2" ]; }
status_row_is() { wait_cmd 5 at_row "$1" "$(($2 - 2))"; }

start_rolodex 132 40
check "132x40 opens" wait_for "1 of 6"
check "132x40 shows the list pane beside the card" wait_for "Margaret Hamilton"
check "the card is drawn next to the list" wait_for "rhythm"
keys L
check "the list follows the jump" wait_for "Ada Lovelace"
check "the status line is at the bottom" status_row_is "4 of 6" 40
save_screen browser-132x40
keys Tab
check "Tab hides the list pane" wait_gone "Margaret Hamilton"
keys q
check "quits at 132x40" terminal_restored

start_rolodex 20 5
check "20x5 says the terminal is too small" wait_for "too small"
keys Right
resize 80 24
check "growing from 20x5 shows the browser" wait_for "2 of 6"
check "after growing, the status line is in place" status_row_is "2 of 6" 24
keys q
check "quits after 20x5" terminal_restored

# Resize in the middle of flips: hold → while the window changes size.
start_rolodex 80 24
check "80x24 opens" wait_for "1 of 6"
keys Right
resize 100 30
keys Right
resize 60 20
keys Right
check "flips went on while resizing" wait_for "4 of 6"
check "after resizes the status line is at the new bottom" status_row_is "4 of 6" 20
check "the tab strip is on the top row" test "$(row_of 'rolodex')" = 0
resize 80 24
check "back at 80x24 the status line moved" status_row_is "4 of 6" 24
check "back at 80x24 the tab strip is wide again" wait_for "A B C D"

# Resize inside a form: what was typed stays.
keys a
type_text "Resize Test"
resize 50 16
check "the form redraws smaller" wait_for "Resize Test"
resize 20 5
check "the form survives 20x5" wait_for "too small"
resize 80 24
check "the form comes back with the text" wait_for "Resize Test"
keys C-s
check "and still saves" wait_for "Added Resize Test"
keys q
check "quits after resizing" terminal_restored

e2e_finish
