#!/bin/bash
# browse.sh - the card browser at 80x24: open, flip both ways, Home/End,
# jump to a letter, search as you type and clear, filters, the list pane,
# help, a card whose name holds escape sequences, a search past more
# cards than its first walk looks at, quit with q.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
# A hostile name: OSC title, cursor movement, clipboard write, bell.
evil=$(printf 'Eve \033]0;PWNED\007\033[2J\033[5;5HMallory\033]52;c;aGk=\007')
rdx add "$evil" --email eve@example.org >/dev/null

start_rolodex 80 24
check "opens on the first card" wait_for "Charles Babbage"
check "status shows the position" wait_for "1 of 7"
check "hints come from the keymap" wait_for "/ search"
check "tab strip marks the current letter" wait_for "[B]"
save_screen browser-80x24

keys Right
check "→ flips to the next card" wait_for "2 of 7"
keys l
check "l flips forward too" wait_for "3 of 7"
keys Left
check "← flips back" wait_for "2 of 7"
keys End
check "End goes to the last card" wait_for "7 of 7"
keys Home
check "Home goes to the first card" wait_for "1 of 7"
keys Left
check "flipping before the first says so" wait_for "That was the first card"

keys L
check "L jumps to the L tab" wait_for "Ada Lovelace"
check "the jump updates the position" wait_for "4 of 7"
check "the card shows last contact" wait_for "coffee, 3 months ago (2 Aug)"
check "the card shows the rhythm" wait_for "every 3 months, overdue by"
check "the card shows the latest note" wait_for "Kids: Byron and Annabella."
check "the card shows the birthday" wait_for "birthday in 18 days"
save_screen card-80x24

keys /
type_text "tur"
check "search updates as you type" wait_for "Alan Turing"
check "search narrows the count" wait_for "1 of 1"
keys Left
wait_settled
check "moving the cursor in the search keeps the count beside it" wait_for "1 of 1" 1
keys Right
keys Escape
check "Esc clears the search" wait_for "of 7"
check "Esc goes back to where the search began" wait_for "Ada Lovelace"

keys /
type_text "babbage"
check "search finds words in notes" wait_for "of 2"
keys Enter
check "Enter keeps the filter" wait_for '"babbage"'
keys Escape
check "Esc in the browser clears the kept filter" wait_gone '"babbage"'

keys '!'
check "! shows due cards only" wait_for "· due"
keys '!'
check "! again shows all cards" wait_gone "· due"

keys f t
type_text "acme-alumni"
keys Enter
check "a tag filter narrows the cards" wait_for "tag:acme-alumni"
check "the tag filter counts its cards" wait_for "of 2"
keys Escape
check "Esc clears the tag filter" wait_gone "tag:acme-alumni"
keys f d
check "f d in the filter menu shows due cards only" wait_for "· due"
keys f a
check "f a clears every filter" wait_gone "· due"

keys Tab
check "Tab shows the list pane (narrow: instead of the card)" wait_for "Margaret Hamilton"
keys Tab
check "Tab again shows the card" wait_for "rhythm"

keys M
check "a letter without cards jumps to the next one that has some" wait_for "Alan Turing"
keys '#'
check "# jumps to names that do not start with A-Z" wait_for "Eve"
check "escape sequences in a name are shown as symbols" wait_for "␛"
check "the window title was not changed" test "$(tmux_format '#{pane_title}')" != "PWNED"
check "the clipboard was not written" test -z "$(tmux -L "$E2E_SERVER" show-buffer 2>/dev/null)"
check "the screen was not cleared by the name" wait_for "rolodex"

keys '?'
check "? shows the keys" wait_for "Card browser"
check "help lists the jump scheme" wait_for "jump to a letter"
save_screen help-80x24
keys q
check "q closes the help" wait_for "rhythm"

# More cards than a search's first walk looks at (64), added by another
# process while the browser is open: "turing" now matches only past them,
# so its page comes from the index's matches, first sorted in SQL (the
# sort order kept in memory is out of date), then, once idle time has
# rebuilt it, by that order.
vcf="$E2E_DIR/fillers.vcf"
for i in $(seq 1 80); do
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Filler Person%02d\r\nN:Person%02d;Filler;;;\r\nEND:VCARD\r\n' "$i" "$i"
done >"$vcf"
rdx import "$vcf" >/dev/null
keys /
type_text "turing"
check "a search past the first cards finds its match" wait_for "Alan Turing"
check "and counts it alone" wait_for "1 of 1"
keys Escape
check "Esc after it counts the added cards" wait_for "of 87"
keys /
type_text "turing"
check "the same search by the sort order in memory" wait_for "1 of 1"
check "shows the same card" wait_for "Alan Turing"
keys Escape

keys q
check "q quits" wait_for "exit=0"
check "the terminal is restored after q" terminal_restored

e2e_finish
