#!/bin/bash
# notes.sh - every note can be read and corrected in the TUI, at 80x24 and
# 200x50: the card shows the newest notes whole and counts the rest, the
# timeline lists everything newest first by date (years outside this one
# shown), Enter opens an entry in full, and a note or a touch is edited or
# deleted from there (the database checked after each).
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
json() { rdx show "$1" --format json; }
json_has() { json "$1" | grep -qF -- "$2"; }
json_lacks() { ! json_has "$@"; }
# The row (0-based) of TEXT, or 999 when it is not on the screen.
row() { local r; r=$(row_of "$1"); echo "${r:-999}"; }
above() { [ "$(row "$1")" -lt "$(row "$2")" ]; }

LONG="Met at the conference dinner: she explained how the engine would weave algebraic patterns the way the Jacquard loom weaves flowers and leaves, and asked for a proper review of the translation notes before spring. ENDOFLONG"
THREE="Lunch at the museum: she will send the slides by Friday, wants feedback on the second half, and asks us to bring the punched cards. THIRDLINE"
ROLODEX_TODAY=2024-12-05 rdx note Ada "Old note from 2024 about the translation" >/dev/null
ROLODEX_TODAY=2026-01-01 rdx note Ada "New year wishes sent" >/dev/null
rdx note Ada "$LONG" >/dev/null
for i in 1 2; do
	rdx note Ada "Coffee $i: talked about the engine, the cards and what the team is doing with the mill next spring." >/dev/null
done
rdx note Ada "$THREE" >/dev/null
rdx contacted Ada --via call --date 2026-11-20 --note "Called about the December talk" >/dev/null

# ---- 80x24: the card and the timeline ---------------------------------
start_rolodex 80 24
check "opens" wait_for "1 of 6"
keys L
check "Ada's card" wait_for "Ada Lovelace"
check "the newest note is shown whole, not cut after two lines" wait_for "THIRDLINE"
check "the notes that do not fit are counted" wait_for "older notes · i"
check "no cut scroll mark on the border" bash -c "! tmux -L '$E2E_SERVER' capture-pane -p | grep -qF 'mor…'"
save_screen notes-card-80x24

keys i
check "i opens the timeline" wait_for "Timeline · Ada Lovelace"
check "a long note is wrapped, not cut" wait_for "ENDOFLONG"
check "nothing in the timeline is cut with an ellipsis" bash -c "! tmux -L '$E2E_SERVER' capture-pane -p | grep -qF '…'"
keys G
check "G goes to the oldest entry, with its year" wait_for "5 Dec 2024"
check "the card's creation (22 Nov) sorts above a January note" above "card created" "New year wishes sent"
check "a January note sorts above one from 2024" above "New year wishes sent" "Old note from 2024"
save_screen notes-timeline-80x24

# Enter opens the oldest note in full; Esc goes back to the list.
keys Enter
check "Enter opens the entry in full" wait_for "Note · 5 Dec 2024"
keys Escape
check "Esc goes back to the list" wait_gone "Note · 5 Dec 2024"
check "the list is still open" wait_for "Timeline · Ada Lovelace"

# Edit the oldest note: the editor starts with its text.
keys e
check "e opens the note editor on the note" wait_for "Edit note on Ada Lovelace"
type_text " (corrected)"
keys C-s
check "the edit is saved" wait_for "Note changed"
check "the database has the new text" json_has Ada "Old note from 2024 about the translation (corrected)"

# Delete the January note, after a question.
keys k
keys d
check "d asks before deleting" wait_for "Delete the note of 1 Jan on Ada Lovelace?"
keys n
check "n keeps it" json_has Ada "New year wishes sent"
keys d
check "d asks again" wait_for "Delete the note of 1 Jan"
keys y
check "the note is deleted" wait_for "Deleted the note of 1 Jan"
check "the database no longer has it" json_lacks Ada "New year wishes sent"

# The touch of 20 Nov: date, channel and note changed.
keys g
check "back at the newest entry" wait_for "Timeline · Ada Lovelace"
for _ in 1 2 3 4 5 6; do keys j; done
keys e
check "e on a touch opens the touch dialog" wait_for "Edit touch"
keys C-u
type_text "Lunch about the talk"
keys BTab C-u
type_text "lunch"
keys BTab C-u
type_text "2026-11-19"
keys C-s
check "the touch is saved" wait_for "Touch changed: lunch on 19 Nov"
check "the touch has its new date" json_has Ada '"date": "2026-11-19"'
check "the touch has its new channel" json_has Ada '"channel": "lunch"'
check "the touch has its new note" json_has Ada '"note": "Lunch about the talk"'
check "the card's last contact follows" json_has Ada '"last_channel": "lunch"'

# A future date is refused and the dialog stays open.
keys e BTab BTab C-u
type_text "2027-01-01"
keys C-s
check "a future date is refused" wait_for "that is in the future"
keys Escape
check "Esc in a changed touch asks first" wait_for "Discard the changes to this touch?"
keys y
check "discarded" wait_gone "Edit touch"
check "nothing was written" json_has Ada '"date": "2026-11-19"'

# Delete the touch: the older coffee becomes the last contact.
keys d
check "d on the touch asks" wait_for "Delete the lunch of 19 Nov"
keys y
check "the touch is deleted" wait_for "Deleted the lunch of 19 Nov"
check "the database no longer has it" json_lacks Ada '"channel": "lunch"'
check "the previous touch is the last contact" json_has Ada '"last_channel": "coffee"'
keys Escape
check "Esc closes the timeline" wait_gone "Timeline ·"

# From the card, Enter opens the newest note; d deletes it from there.
keys Enter
check "Enter on the card opens the newest note" wait_for "Note · 22 Nov"
check "in full" wait_for "THIRDLINE"
keys d
check "d asks" wait_for "Delete the note of 22 Nov"
keys y
check "deleted from the card" wait_for "Deleted the note of 22 Nov"
check "the view closes with its note" wait_gone "Timeline ·"
check "the database no longer has it" json_lacks Ada "THIRDLINE"
keys q
check "quits" terminal_restored

# ---- 200x50: the card grows to show every note --------------------------
start_rolodex 200 50
check "opens wide" wait_for "1 of 6"
keys L
check "Ada's card" wait_for "Ada Lovelace"
check "every note fits" wait_for "ENDOFLONG"
check "the 2024 note shows its year" wait_for "5 Dec 2024"
check "nothing is counted as hidden" bash -c "! tmux -L '$E2E_SERVER' capture-pane -p | grep -qF 'older note'"
save_screen notes-card-200x50
keys i
check "the timeline" wait_for "Timeline · Ada Lovelace"
check "the oldest entry is on the screen with its year" wait_for "5 Dec 2024"
save_screen notes-timeline-200x50
keys Escape q
check "quits" terminal_restored

e2e_finish
