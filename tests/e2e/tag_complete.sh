#!/bin/bash
# tag_complete.sh - Tab completes tag names: after "tag:" in the search
# line and in the filter menu's tag prompt.  The first Tab extends to the
# prefix the matching tags share and lists them; further Tabs put each in
# turn; a single match is completed whole; case and accents are ignored.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
rdx add "Ines Board" --email ines@example.org --tag acme-board --tag mentee --tag "Café Team" >/dev/null

start_rolodex 80 24
check "opens on the first card" wait_for "1 of 7"

keys /
type_text "tag:AC"
keys Tab
check "Tab extends tag:AC to the prefix the tags share" wait_for "/ tag:acme-"
check "  and lists them" wait_for "2 tags (Tab again: each in turn): acme-alumni  acme-board"
keys Tab
check "a second Tab puts the first of them" wait_for "/ tag:acme-alumni"
check "  and says which" wait_for "1 of 2 tags"
keys Tab
check "a third Tab the next" wait_for "/ tag:acme-board"
check "  the search follows" wait_for "│ Ines Board"
keys Escape

keys /
type_text "ines tag:Café"
keys Tab
check "a single tag is completed whole, accents as search ignores them" wait_for "/ ines tag:cafe-team"
keys C-u
type_text "tag:zz"
keys Tab
check "no tag starts with what is typed: said so" wait_for 'No tag starts with "zz"'
keys C-u
type_text "ada"
keys Tab
check "Tab elsewhere says where it completes" wait_for "Tab completes a tag name after tag:"
keys Escape
check "Esc clears the search" wait_for "1 of 7"

keys f
wait_for "the trash"
keys t
check "the filter's tag prompt" wait_for "Tab completes · ^U clears"
type_text "MEN"
keys Tab
check "Tab completes there too" wait_for "tag: ment"
check "  listing the tags" wait_for "2 tags (Tab again: each in turn): mentee  mentor"
keys Tab Tab
check "  each in turn" wait_for "tag: mentor"
keys Enter
check "Enter filters by the completed tag" wait_for "1 of 1 · tag:mentor"

keys Escape q
check "q quits" wait_for "exit=0"
e2e_finish
