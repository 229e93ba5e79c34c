#!/bin/bash
# mouse_editor.sh - the two ways out of the keyboard: the mouse (clicks on
# the A-Z strip and on the list pane, the wheel flips) sent as the SGR mouse
# reports xterm writes, and $EDITOR for a note (the text comes back into
# the note editor, ^S saves it; an editor that fails leaves the note as it
# was and says so; the editor sees a private 0600 file).
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }

# Mouse reports as the terminal writes them: xterm-256color asks for SGR
# reports (CSI < b ; x ; y M, release m), tmux-256color's terminfo for the
# older X10 form (CSI M and three bytes of 32 + value).
MOUSE_FORM=sgr

# mouse_click COL ROW: a left click at a 0-based cell, press and release.
mouse_click()
{
	local x=$(($1 + 1)) y=$(($2 + 1))
	if [ "$MOUSE_FORM" = sgr ]; then
		type_text "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$x" "$y" "$x" "$y")"
	else
		type_text "$(printf '\033[M%b%b%b\033[M%b%b%b' "$(x10 0)" "$(x10 "$x")" "$(x10 "$y")" \
			"$(x10 3)" "$(x10 "$x")" "$(x10 "$y")")"
	fi
}

# mouse_wheel up|down: one notch of the wheel over the middle of the screen.
mouse_wheel()
{
	local button=64
	[ "$1" = down ] && button=65
	if [ "$MOUSE_FORM" = sgr ]; then
		type_text "$(printf '\033[<%d;20;10M' "$button")"
	else
		type_text "$(printf '\033[M%b%b%b' "$(x10 "$button")" "$(x10 20)" "$(x10 10)")"
	fi
}

# x10 N: the byte 32 + N as a printf %b escape.
x10()
{
	printf '\\%03o' $((32 + $1))
}

# still_shows TEXT: TEXT is on the screen once it has settled after the
# last input.
still_shows()
{
	wait_settled
	screen | grep -qF -- "$1"
}

# start_in TERM COLS ROWS: rolodex in a pane, under the given terminal type.
start_in()
{
	start_shell "$2" "$3" || return 1
	type_line "clear; TERM=$1 '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
}

# The column of letter L in the tab strip on the first row.
tab_column()
{
	screen | head -n 1 | awk -v l="$1" '{ print index($0, l) - 1 }'
}

start_in xterm-256color 80 24
check "opens on the first card" wait_for "1 of 6"
mouse_wheel down
check "the wheel down flips to the next card" wait_for "2 of 6"
mouse_wheel down
check "and again" wait_for "3 of 6"
mouse_wheel up
check "the wheel up flips back" wait_for "2 of 6"

col=$(tab_column T)
mouse_click "$col" 0
check "a click on T in the strip jumps there" wait_for "Alan Turing"
check "the strip marks T" wait_for "[T]"
col=$(tab_column W)
mouse_click "$col" 0
check "a click on W jumps to Zhang Wei (family name Wei)" wait_for "6 of 6"
col=$(tab_column Z)
mouse_click "$col" 0
check "a click on Z, with no cards from Z on, says so" wait_for "No cards under Z or after it"
col=$(tab_column E)
mouse_click "$col" 0
check "a click on a letter without cards goes to the next letter that has one" wait_for "│ Margaret Hamilton"
mouse_click 40 22
check "a click on empty space changes nothing" still_shows "2 of 6"
keys q
check "quits after mouse use" terminal_restored

# The list pane sits beside the card from 120 columns.
start_in xterm-256color 140 30
check "wide: the list pane shows" wait_for "Margaret Hamilton"
row=$(screen | grep -n "Margaret Hamilton" | head -n 1 | cut -d: -f1)
col=$(screen | grep "Margaret Hamilton" | head -n 1 | awk '{ print index($0, "Margaret") - 1 }')
mouse_click "$col" $((row - 1))
check "a click on a row of the list opens that card" wait_for "2 of 6"
check "the card box shows it" wait_for "│ Margaret Hamilton"
row=$(screen | grep -n "Zhang Wei" | head -n 1 | cut -d: -f1)
mouse_click "$col" $((row - 1))
check "a click on the last row opens the last card" wait_for "6 of 6"
keys q
check "quits" terminal_restored

# The same through tmux's own terminal type, which gets X10 reports.
MOUSE_FORM=x10
start_in tmux-256color 80 24
check "x10: opens on the first card" wait_for "1 of 6"
mouse_wheel down
check "x10: the wheel flips" wait_for "2 of 6"
mouse_wheel up
check "x10: and back" wait_for "1 of 6"
col=$(tab_column T)
mouse_click "$col" 0
check "x10: a click on T jumps there" wait_for "Alan Turing"
keys q
check "x10: quits" terminal_restored

# $EDITOR: a script that records what it was given and appends a line.
editor="$E2E_DIR/editor.sh"
cat >"$editor" <<'EOF'
#!/bin/sh
stat -c %a "$1" >"$E2E_EDITOR_LOG"
cat "$1" >>"$E2E_EDITOR_LOG"
printf 'Met at the conference; ask about the ☕ grant.\n' >>"$1"
EOF
chmod +x "$editor"
failing="$E2E_DIR/failing.sh"
printf '#!/bin/sh\necho broken >>"$1"\nexit 3\n' >"$failing"
chmod +x "$failing"
export E2E_EDITOR_LOG="$E2E_DIR/editor.log"

start_shell 80 24
type_line "clear; EDITOR='$editor' E2E_EDITOR_LOG='$E2E_EDITOR_LOG' '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
check "editor run: opens" wait_for "1 of 6"
keys n
check "n opens the note editor" wait_for "^E \$EDITOR"
type_text "Coffee with Charles"
keys C-e
check "back from the editor it says so" wait_for "Back from the editor"
check "the editor's line is in the note" wait_for "ask about the ☕ grant."
check "the typed text is kept" wait_for "Coffee with Charles"
check "the editor saw a private file" grep -qx 600 "$E2E_EDITOR_LOG"
check "the editor got the typed text" grep -qF "Coffee with Charles" "$E2E_EDITOR_LOG"
keys C-s
check "^S saves the note" wait_gone "^E \$EDITOR"
check "the database holds the editor's text" \
	bash -c "'$ROLODEX_BIN' --db '$DB' show Babbage | grep -qF 'ask about the ☕ grant.'"
check "the temporary file is gone" bash -c "! ls '$TMPDIR' | grep -q rolodex-note"
keys q
check "quits after the editor" terminal_restored

start_shell 80 24
type_line "clear; EDITOR='$failing' '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
check "failing editor run: opens" wait_for "1 of 6"
keys n
type_text "Lunch planned"
keys C-e
check "an editor that fails is reported" wait_for "did not finish cleanly"
check "the note keeps what was typed" wait_for "Lunch planned"
check "nothing from the failed editor comes in" bash -c "! tmux -L '$E2E_SERVER' capture-pane -p | grep -q broken"
keys Escape
check "Esc on a typed note asks first" wait_for "Discard this note?"
keys y
check "discarding leaves the browser" wait_for "1 of 6"
check "nothing was saved" bash -c "! '$ROLODEX_BIN' --db '$DB' show Babbage | grep -qF 'Lunch planned'"
keys q
check "quits" terminal_restored

e2e_finish
