#!/bin/bash
# forms.sh - forms that never lose work, at 80x24 and 200x50: Esc in a
# changed card form asks first (an unchanged one just closes), ↓/↑ move to
# the field below/above, ^K on a value with text asks before removing it,
# and the note editor wraps a long line instead of scrolling it sideways.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
json_has() { rdx show "$1" --format json | grep -qF -- "$2"; }

for size in "80 24" "200 50"; do
	start_rolodex $size
	check "opens at $size" wait_for "1 of 6"
	keys L
	check "Ada's card" wait_for "Ada Lovelace"

	# An unchanged form closes at once.
	keys e
	check "e opens the form" wait_for "Edit Ada Lovelace"
	keys Escape
	check "Esc on an unchanged form closes it" wait_gone "Edit Ada Lovelace"

	# ↓ six times from the full name reaches the Web row's value.
	keys e
	check "the form again" wait_for "Edit Ada Lovelace"
	keys Down Down Down Down Down Down
	type_text "https://ada.example.org"
	check "typed in the Web value" wait_for "https://ada.example.org"
	keys Up Up Up
	type_text "x"
	check "↑ three times is the Email value, not a label" wait_for "ada@example.orgx"
	save_screen "form-changed-${size/ /x}"

	# Esc asks; n keeps editing, y discards.
	keys Escape
	check "Esc on a changed form asks" wait_for "Discard changes to Ada Lovelace?"
	keys n
	check "n keeps the form and what was typed" wait_for "ada@example.orgx"
	keys Escape
	check "asked again" wait_for "Discard changes to Ada Lovelace?"
	keys y
	check "y discards" wait_gone "Edit Ada Lovelace"
	check "nothing was written" json_has Ada '"value": "ada@example.org"'
	check "not the web address either" bash -c "! '$ROLODEX_BIN' --db '$DB' show Ada --format json | grep -qF ada.example.org"

	# ^K on the phone number asks; n keeps it, y removes it.
	keys e
	check "the form once more" wait_for "Edit Ada Lovelace"
	keys Down Down Down Down C-k
	check "^K on a value with text asks" wait_for "Remove the phone +44 20 7946 0000?"
	keys n
	check "n keeps the value" wait_for "+44 20 7946 0000"
	keys C-k
	check "asked again" wait_for "Remove the phone"
	keys y
	check "y removes it" wait_gone "+44 20 7946 0000"
	keys Escape
	check "the removal counts as a change" wait_for "Discard changes to Ada Lovelace?"
	keys y
	check "discarded" wait_gone "Edit Ada Lovelace"
	check "the phone is still stored" json_has Ada "+44 20 7946 0000"

	# A long line in the note editor wraps: its start and end both show.
	keys n
	check "n opens the note editor" wait_for "Note on Ada Lovelace"
	type_text "STARTOFLINE the engine could compose elaborate pieces of music of any degree of complexity or extent, said she, and more ENDOFLINE"
	check "the start of a long line stays in view" wait_for "STARTOFLINE"
	check "its end shows on a row below" wait_for "ENDOFLINE"
	check "they are on different rows" [ "$(row_of STARTOFLINE)" != "$(row_of ENDOFLINE)" ]
	keys C-s
	# The save is written after the key is read: wait for it, do not race it.
	check "the note is saved in one piece" wait_cmd "$E2E_TIMEOUT" json_has Ada "said she, and more ENDOFLINE"
	keys q
	check "quits" terminal_restored
done

e2e_finish
