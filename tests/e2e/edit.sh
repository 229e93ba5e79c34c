#!/bin/bash
# edit.sh - changing cards from the browser at 80x24: add through the form
# (a CJK name, line editing, several emails), edit a field, mark contacted
# and find the touch with `rolodex show --format json`, add a note (and the
# question before discarding one), trash and undo, a bulk touch.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
json() { rdx show "$1" --format json; }
json_has() { json "$1" | grep -qF -- "$2"; }

start_rolodex 80 24
check "opens" wait_for "1 of 6"

# Add: the first field is the full name; line editing is UTF-8 aware.
keys a
check "a opens the form on the full name" wait_for "New card"
type_text "王小x明"
keys Left BSpace
keys Tab
type_text "阿里巴巴"
keys Tab
type_text "Engineer"
keys Tab
type_text "wang@example.cn"
keys C-n
type_text "xiaoming@example.com"
keys Tab
type_text "home"
keys C-s
check "Ctrl-S saves from any field and shows the card" wait_for "王小明"
check "the card shows the organization" wait_for "Engineer · 阿里巴巴"
check "the CJK card was stored with its name" json_has 王小明 '"name": "王小明"'
check "both emails were stored" json_has 王小明 "xiaoming@example.com"
check "the second email kept its label" json_has 王小明 '"label": "home"'
check "the border stays intact around wide characters" \
	bash -c "screen() { tmux -L '$E2E_SERVER' capture-pane -p; }; screen | grep '王小明' | grep -q '│\$'"
save_screen form-result-80x24

# Edit a field with Ctrl-U and retype it.
keys e
check "e opens the form with the card" wait_for "Edit 王小明"
keys Tab Tab C-u
type_text "CTO"
keys C-s
check "the edited title shows" wait_for "CTO · 阿里巴巴"
check "the edit was stored" json_has 王小明 '"title": "CTO"'

# Esc on a changed form asks, then cancels without writing.
keys e Tab Tab C-u
type_text "Intern"
keys Escape
check "Esc on a changed form asks first" wait_for "Discard changes to 王小明?"
keys y
check "y discards and closes the form" wait_gone "Edit 王小明"
check "a cancelled edit writes nothing" json_has 王小明 '"title": "CTO"'

# Mark contacted: one key for the channel, a note, Enter.
keys L
check "jump to Lovelace" wait_for "Ada Lovelace"
keys c
check "c asks how" wait_for "How? One key:"
keys f
check "f picks coffee, dated today unless told" wait_for "22 Nov, today"
type_text "talked about the engine"
keys Enter
check "the touch is recorded" wait_for "Recorded: coffee with Ada Lovelace today"
check "the card shows the new last contact" wait_for "coffee, today"
check "the touch is in rolodex show" json_has Ada '"note": "talked about the engine"'
check "the touch has today's date" json_has Ada '"date": "2026-11-22"'

# Enter takes the default channel; Esc cancels.
keys c Escape
check "Esc cancels mark contacted" wait_gone "How? One key:"

# A note in the inline editor: Enter starts a line, Ctrl-S saves.
keys n
check "n opens the note editor" wait_for "Note on Ada Lovelace"
type_text "Line one"
keys Enter
type_text "Line two"
keys C-s
check "Ctrl-S saves the note" wait_for "Note saved"
check "the card shows the new note" wait_for "Line one"
check "the note kept its two lines" json_has Ada 'Line one\nLine two'

keys n
type_text "draft"
keys Escape
check "Esc asks before discarding a note" wait_for "Discard this note?"
keys n
check "n keeps editing" wait_gone "Discard this note?"
keys Escape y
check "y discards" wait_gone "Note on Ada Lovelace"
check "a discarded note is not stored" bash -c "! '$ROLODEX_BIN' --db '$DB' show Ada --format json | grep -q draft"

# Trash and undo.
keys d
check "d moves the card to the trash" wait_for "Moved Ada Lovelace to the trash"
check "the trashed card leaves the count" wait_for "of 6"
check "the trash holds it" bash -c "'$ROLODEX_BIN' --db '$DB' list --trash --format tsv | grep -q Lovelace"
keys u
check "u restores it" wait_for "Undid: trashing Ada Lovelace"
check "the restored card is back" wait_for "Ada Lovelace"
check "the count is back" wait_for "of 7"

# Bulk: mark two cards, one touch for both, then their addresses.
keys Home m Right m
check "m marks cards" wait_for "2 marked"
keys c v
type_text "invited to the open house"
keys Enter
check "one touch for all marked cards" wait_for "Recorded: event with 2 cards today"
check "the bulk touch reached the first card" json_has Babbage "invited to the open house"
check "the bulk touch reached the second card" json_has Hamilton "invited to the open house"
keys y
check "y lists addresses of the filter" wait_for "Charles Babbage <charles@example.org>"
keys Escape

keys q
check "quits" terminal_restored

e2e_finish
