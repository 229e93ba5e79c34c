#!/bin/bash
# undo.sh - u in the TUI undoes the last change, whatever made it (this
# screen, a command in another process), and again the one before, with
# the database checked after each; and the date field of "mark contacted"
# (yesterday, a weekday, -3d, 2 Dec, ISO; a future day refused), at 80x24
# and 200x50.  Today is Sunday 22 Nov 2026 (lib.sh).
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
json() { rdx show "$1" --format json; }
json_has() { json "$1" | grep -qF -- "$2"; }
json_lacks() { ! json_has "$@"; }
touches() { json "$1" | python3 -S -E -c 'import json,sys; print(len(json.load(sys.stdin)["touches"]))'; }
touches_are() { [ "$(touches "$1")" = "$2" ]; }
live_cards() { [ "$(rdx list --format tsv | wc -l)" = "$1" ]; }
# Text that starts with a dash ("-3d"), which send-keys would take for an
# option.
type_dashed() { tmux -L "$E2E_SERVER" send-keys -l -- "$1"; }

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	start_rolodex "$cols" "$rows"
	check "$size: opens" wait_for "of 6"
	keys L
	check "$size: Ada's card" wait_for "Ada Lovelace"

	# ---- the date field of mark contacted ----------------------------------
	keys c
	check "$size: c asks how" wait_for "How? One key:"
	keys f
	check "$size: the date field, empty meaning today" wait_for "22 Nov, today"
	keys Tab
	type_text "yesterday"
	check "$size: yesterday reads as 21 Nov" wait_for "21 Nov, yesterday"
	keys C-u
	type_text "mon"
	check "$size: mon is the last Monday" wait_for "16 Nov, 6 days ago"
	keys C-u
	type_text "2 Nov"
	check "$size: 2 Nov" wait_for "2 Nov, 2 weeks ago"
	keys C-u
	type_text "2026-12-02"
	keys Enter
	check "$size: a future day is refused, the dialog stays" wait_for "that is in the future"
	check "$size: nothing was written" touches_are Ada 1
	keys C-u
	type_text "friday"
	check "$size: friday is 20 Nov" wait_for "20 Nov, 2 days ago"
	keys Tab
	type_text "Coffee at the museum"
	save_screen "undo-date-$size"
	keys Enter
	check "$size: recorded on the day typed" wait_for "Recorded: coffee with Ada Lovelace on 20 Nov"
	check "$size: the database has the touch of 20 Nov" json_has Ada '"date": "2026-11-20"'
	check "$size: with its note" json_has Ada '"note": "Coffee at the museum"'

	# ---- u after each kind of change ---------------------------------------
	keys u
	check "$size: u undoes the touch and says so" wait_for "Undid: coffee with Ada Lovelace on 20 Nov"
	check "$size: the touch is gone" wait_cmd "$E2E_TIMEOUT" touches_are Ada 1

	keys n
	check "$size: the note editor" wait_for "Note on Ada Lovelace"
	type_text "Undo me"
	keys C-s
	check "$size: note saved" wait_for "Note saved"
	check "$size: the database has the note" json_has Ada "Undo me"
	keys u
	check "$size: u undoes the note" wait_for "Undid: note on Ada Lovelace"
	check "$size: the note is gone" wait_cmd "$E2E_TIMEOUT" json_lacks Ada "Undo me"

	# A bulk touch on two marked cards is one change.
	keys m l m
	keys c
	check "$size: bulk contacted" wait_for "Contacted 2 cards"
	keys c Tab
	type_dashed "-3d"
	check "$size: -3d is 19 Nov" wait_for "19 Nov, 3 days ago"
	keys Enter
	check "$size: two cards contacted on 19 Nov" wait_for "Recorded: call with 2 cards on 19 Nov"
	check "$size: Ada has the call" touches_are Ada 2
	check "$size: Alan has the call" touches_are Alan 1
	keys u
	check "$size: one u undoes the bulk touch" wait_for "Undid: call with 2 cards on 19 Nov"
	check "$size: Ada's call is gone" wait_cmd "$E2E_TIMEOUT" touches_are Ada 1
	check "$size: Alan's call is gone" touches_are Alan 0
	keys Escape

	# Trash, then restore in place.
	keys d
	check "$size: moved to the trash" wait_for "to the trash · u undoes"
	check "$size: five live cards" wait_cmd "$E2E_TIMEOUT" live_cards 5
	keys u
	check "$size: u takes it out of the trash" wait_for "Undid: trashing"
	check "$size: six live cards again" wait_cmd "$E2E_TIMEOUT" live_cards 6

	# Changes made by other processes: an edit, a rhythm, a snooze, a merge
	# and an import, each undone from here, newest first.
	rdx edit grace --set org="Navy Yard" >/dev/null
	rdx edit grace --set cadence=2w >/dev/null
	rdx edit grace --set snooze=2026-12-24 >/dev/null
	rdx merge Hamilton Babbage >/dev/null 2>&1
	printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Katherine Johnson\r\nEND:VCARD\r\n' >"$E2E_DIR/one.vcf"
	rdx import "$E2E_DIR/one.vcf" >/dev/null
	check "$size: the import is in" live_cards 6
	keys u
	check "$size: u undoes the import from the command line" wait_for "Undid: import of 1 card from one.vcf"
	check "$size: its card is gone" wait_cmd "$E2E_TIMEOUT" live_cards 5
	keys u
	check "$size: u undoes the merge" wait_for "Undid: merge of"
	check "$size: the merged card is back" wait_cmd "$E2E_TIMEOUT" live_cards 6
	keys u
	check "$size: u undoes the snooze (an edit)" wait_for "Undid: edit of Grace Hopper"
	check "$size: no snooze" wait_cmd "$E2E_TIMEOUT" json_has grace '"snooze_until": null'
	keys u
	check "$size: the rhythm is back" wait_cmd "$E2E_TIMEOUT" json_has grace '"cadence": "1m"'
	keys u
	check "$size: the organization is back" wait_cmd "$E2E_TIMEOUT" json_has grace '"org": "US Navy"'
	check "$size: the screen says so" wait_for "Undid: edit of Grace Hopper"
	save_screen "undo-last-$size"
	keys q
	check "$size: quits" terminal_restored
done

e2e_finish
