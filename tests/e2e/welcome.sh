#!/bin/bash
# welcome.sh - first run: an empty rolodex shows the welcome card, one key
# loads the demo cards from assets/, and a new user's first steps work on
# them (flip, find someone by a word from a note, timeline, birthdays).
. "$(dirname "$0")/lib.sh"
e2e_setup
# Screens saved for the README are of settled cards, not flip frames.
printf 'animation = off\n' >"$XDG_CONFIG_HOME/rolodex/config"
export ROLODEX_ASSETS="${ROLODEX_SOURCE_ROOT:-$(dirname "$0")/../..}/assets"

start_rolodex 80 24
check "an empty rolodex shows the welcome card" wait_for "Welcome to rolodex"
check "the welcome card offers the demo cards" wait_for "load about 40 demo cards"
check "the welcome card names the import command" wait_for "rolodex import"
save_screen welcome-80x24
keys C-d
check "^D loads the demo cards" wait_for "demo cards"
check "the browser shows them" wait_for "1 of "
keys Right Right
check "flips through them" wait_for "3 of "
save_screen demo-80x24
keys i
check "i shows the timeline" wait_for "Timeline ·"
keys Escape
keys b
check "b shows the coming birthdays" wait_for "Birthdays ·"
save_screen birthdays-80x24
keys Escape
keys Tab
check "the list pane on a narrow screen" wait_for "of "
save_screen list-80x24
keys Tab q
check "quits" terminal_restored

start_rolodex 132 40
check "132x40 shows the demo cards with the list" wait_for "1 of "
keys Right Right Right Right
check "flips" wait_for "5 of "
save_screen browser-132x40
keys q
check "quits at 132x40" terminal_restored

e2e_finish
