# lib.sh - drives the real rolodex binary inside a private tmux server.
#
# Every test script sources this file, calls e2e_setup, starts a shell in a
# tmux pane of a fixed size, types commands into it and reads the screen
# with capture-pane.  It never sleeps a fixed time to wait for the program:
# wait_for polls the screen until the expected text shows or a timeout
# passes.  The environment is locked: UTF-8 locale, UTC, a fixed today,
# HOME and XDG folders and the database in a temporary directory.
#
# Output is TAP-like: one "ok N - what" or "not ok N - what" per check; the
# script exits non-zero when any check failed.

set -u

: "${ROLODEX_BIN:?set ROLODEX_BIN to the rolodex binary}"
export LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color ESCDELAY=25
export ROLODEX_TODAY=2026-11-22
unset NO_COLOR ROLODEX_DB VISUAL

E2E_TESTS=0
E2E_FAILED=0
E2E_SERVER="rolodex-test-$$-0"
E2E_SHELLS=0
E2E_TIMEOUT="${E2E_TIMEOUT:-10}"

e2e_setup()
{
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rolodex-e2e.XXXXXX")
	export HOME="$E2E_DIR/home"
	export XDG_CONFIG_HOME="$E2E_DIR/config" XDG_DATA_HOME="$E2E_DIR/data"
	export TMPDIR="$E2E_DIR/tmp"
	mkdir -p "$HOME" "$XDG_CONFIG_HOME/rolodex" "$XDG_DATA_HOME" "$TMPDIR"
	DB="$E2E_DIR/rolodex.db"
	# Under AddressSanitizer a leak or error report of the program in the
	# pane would go to a screen nobody reads: it goes to a file that
	# e2e_finish checks instead (ignored by a build without sanitizers).
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$E2E_DIR/sanitizer"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$E2E_DIR/sanitizer"
	export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0:suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp"
	trap e2e_teardown EXIT
}

e2e_teardown()
{
	tmux -L "$E2E_SERVER" kill-server 2>/dev/null
	rm -rf "$E2E_DIR"
}

# rolodex ARGS...: the CLI on the test database.
rdx()
{
	"$ROLODEX_BIN" --db "$DB" "$@"
}

# start_shell COLS ROWS: a plain shell in a new pane with prompt "$ ".
start_shell()
{
	# A new private server each time: a server still shutting down never
	# takes the new session with it.
	tmux -L "$E2E_SERVER" kill-server 2>/dev/null
	E2E_SHELLS=$((E2E_SHELLS + 1))
	E2E_SERVER="rolodex-test-$$-$E2E_SHELLS"
	tmux -L "$E2E_SERVER" -f /dev/null new-session -d -x "$1" -y "$2" \
		"env PS1='$ ' HOME='$HOME' bash --norc --noprofile -i"
	tmux -L "$E2E_SERVER" set-option -g status off >/dev/null
	wait_for '$' || return 1
}

# start_rolodex COLS ROWS [ARGS...]: the browser on the test database; the
# shell prints "exit=N" when it ends.
start_rolodex()
{
	local cols=$1 rows=$2
	shift 2
	start_shell "$cols" "$rows" || return 1
	type_line "clear; '$ROLODEX_BIN' --db '$DB' $*; echo exit=\$?"
}

keys()
{
	tmux -L "$E2E_SERVER" send-keys "$@"
}

# Literal text, no key names.
type_text()
{
	tmux -L "$E2E_SERVER" send-keys -l "$1"
}

type_line()
{
	tmux -L "$E2E_SERVER" send-keys -l "$1"
	tmux -L "$E2E_SERVER" send-keys Enter
}

screen()
{
	tmux -L "$E2E_SERVER" capture-pane -p
}

tmux_format()
{
	tmux -L "$E2E_SERVER" display-message -p "$1"
}

# wait_for TEXT [SECONDS]: true once TEXT is on the screen.
wait_for()
{
	local text=$1 limit=${2:-$E2E_TIMEOUT}
	local tries=$((limit * 20))
	while [ "$tries" -gt 0 ]; do
		if screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: true once TEXT is no longer on the screen.
wait_gone()
{
	local text=$1 limit=${2:-$E2E_TIMEOUT}
	local tries=$((limit * 20))
	while [ "$tries" -gt 0 ]; do
		if ! screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# wait_cmd SECONDS CMD...: polls until CMD succeeds.
wait_cmd()
{
	local limit=$1
	shift
	local tries=$((limit * 20))
	while [ "$tries" -gt 0 ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# check "what" CMD...: runs CMD and reports it.
check()
{
	local what=$1
	shift
	E2E_TESTS=$((E2E_TESTS + 1))
	if "$@"; then
		echo "ok $E2E_TESTS - $what"
	else
		echo "not ok $E2E_TESTS - $what"
		E2E_FAILED=$((E2E_FAILED + 1))
		echo "# screen:"
		screen | sed 's/^/# |/'
	fi
}

# The process id of the rolodex running in the pane (a child of its shell).
rolodex_pid()
{
	local shell_pid
	shell_pid=$(tmux_format '#{pane_pid}')
	pgrep -P "$shell_pid" -x rolodex
}

# True when the terminal is back to normal: not in the alternate screen,
# and the shell prompt printed the exit line.
terminal_restored()
{
	wait_for "exit=" 5 && [ "$(tmux_format '#{alternate_on}')" = 0 ]
}

# The row of the screen that holds TEXT (0-based), or nothing.
row_of()
{
	screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1 | awk '{ print $1 - 1 }'
}

save_screen()
{
	if [ -n "${ROLODEX_SAVE_SCREENS:-}" ]; then
		screen >"$ROLODEX_SAVE_SCREENS/$1.txt"
	fi
}

# ---- golden screens -------------------------------------------------------
#
# tests/e2e/screens/NAME.txt holds a screen as capture-pane prints it.
# golden NAME waits until the screen is exactly that (a screen still
# settling, a count in idle time, is waited for, not slept over) and, when
# it never gets there, prints a unified diff of the golden file against
# the last capture.  With ROLODEX_UPDATE_SCREENS=1 it writes the file
# instead, once the screen has stopped changing (scripts/update-screens).
E2E_SCREENS="${ROLODEX_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/e2e/screens"

# Returns once the screen shows the same thing on 10 polls in a row.
wait_settled()
{
	local last="" now same=0 tries=$((E2E_TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		now=$(screen)
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
			[ "$same" -ge 10 ] && return 0
		else
			same=0
			last=$now
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

golden()
{
	local name=$1 file="$E2E_SCREENS/$1.txt" tries=$((E2E_TIMEOUT * 20))
	if [ -n "${ROLODEX_UPDATE_SCREENS:-}" ]; then
		wait_settled
		screen >"$file"
		return 0
	fi
	if [ ! -f "$file" ]; then
		echo "# no golden screen $name.txt: scripts/update-screens writes it"
		return 1
	fi
	while [ "$tries" -gt 0 ]; do
		if screen | cmp -s - "$file"; then
			return 0
		fi
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# screen $name differs from its golden file (- golden, + screen):"
	screen | diff -u --label "golden/$name" --label "screen/$name" "$file" - | sed 's/^/# /'
	return 1
}

# check_screen NAME: a check that the screen matches its golden file; on a
# mismatch the diff, not the whole screen.
check_screen()
{
	E2E_TESTS=$((E2E_TESTS + 1))
	if golden "$1"; then
		echo "ok $E2E_TESTS - screen $1"
	else
		echo "not ok $E2E_TESTS - screen $1"
		E2E_FAILED=$((E2E_FAILED + 1))
	fi
}

# seed_cards: a few cards through the CLI, with a note and a touch.
seed_cards()
{
	rdx add "Ada Lovelace" --email ada@example.org --phone "+44 20 7946 0000" \
		--org "Analytical Engines" --title Mathematician --tag acme-alumni --tag mentor \
		--birthday 1815-12-10 --cadence 3m \
		--note "Kids: Byron and Annabella. Wants to meet Babbage's team about the engine." >/dev/null &&
	rdx contacted Ada --via coffee --date 2026-08-02 >/dev/null &&
	rdx add "Charles Babbage" --email charles@example.org --org "Difference Engines" --tag acme-alumni >/dev/null &&
	rdx add "Grace Hopper" --email grace@example.org --org "US Navy" --title "Rear Admiral" --cadence 1m >/dev/null &&
	rdx add "Alan Turing" --email alan@example.org --org "Bletchley Park" >/dev/null &&
	rdx add "Margaret Hamilton" --email margaret@example.org --org "MIT" --tag client >/dev/null &&
	rdx add "Zhang Wei" --email wei@example.org >/dev/null
}

e2e_finish()
{
	local reports
	# A process run under strace cannot be checked for leaks: LeakSanitizer
	# says so and stops; that is not a finding.
	reports=$(cat "$E2E_DIR"/sanitizer.* 2>/dev/null |
		grep -v -e 'LeakSanitizer has encountered a fatal error' -e 'HINT: For debugging, try setting' \
			-e 'HINT: LeakSanitizer does not work under ptrace')
	check "no sanitizer reported a leak or an error" [ -z "$reports" ]
	[ -z "$reports" ] || printf '%s\n' "$reports" | head -n 40 | sed 's/^/# /'
	echo "1..$E2E_TESTS"
	[ "$E2E_FAILED" -eq 0 ]
}
