#!/bin/bash
# signals.sh - the terminal is restored on every way out: q, Ctrl-C,
# SIGTERM, SIGHUP and SIGINT (the shell prompt returns and the pane leaves
# the alternate screen); and another process's change shows up by itself.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }

for sig in TERM HUP INT; do
	start_rolodex 80 24
	check "opens (SIG$sig)" wait_for "1 of 6"
	check "uses the alternate screen" test "$(tmux_format '#{alternate_on}')" = 1
	pid=$(rolodex_pid)
	check "finds the process" test -n "$pid"
	kill -"$sig" "$pid"
	check "SIG$sig ends it" wait_for "exit="
	check "the terminal is restored after SIG$sig" terminal_restored
done

start_rolodex 80 24
check "opens (Ctrl-C)" wait_for "1 of 6"
keys C-c
check "Ctrl-C quits with status 0" wait_for "exit=0"
check "the terminal is restored after Ctrl-C" terminal_restored

# Another process adds a card: it shows within a second or two, untouched.
start_rolodex 80 24
check "opens (live update)" wait_for "1 of 6"
rdx add "Aaron Abbott" --email aaron@example.org >/dev/null
check "a card added by another process shows up" wait_for "of 7" 3
keys Home
check "and can be browsed to" wait_for "Aaron Abbott"
keys q
check "quits" terminal_restored

# A config with animation off and NO_COLOR still works.
printf 'animation = off\ncolor = auto\n' >"$XDG_CONFIG_HOME/rolodex/config"
start_shell 80 24
type_line "clear; NO_COLOR=1 TERM=vt100 '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
check "TERM=vt100 with NO_COLOR opens" wait_for "1 of 7"
check "ASCII borders on vt100" wait_for "+----"
keys Right
check "flips without animation" wait_for "2 of 7"
keys q
check "quits (vt100)" terminal_restored

printf 'animation = sideways\n' >"$XDG_CONFIG_HOME/rolodex/config"
start_shell 80 24
# On TERM=linux ncurses loads the console mouse library, which keeps an
# allocation until exit; tests/e2e/lsan.supp names it, and the slow unwinder
# lets LeakSanitizer see the frame it names (ignored without sanitizers).
type_line "clear; ASAN_OPTIONS=\$ASAN_OPTIONS:fast_unwind_on_malloc=0 TERM=linux '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
check "a bad config line is reported, not fatal" wait_for "line 1"
keys q
check "quits (linux)" terminal_restored

e2e_finish
