#!/bin/sh
# test_review.sh - a whole review in a real terminal (tmux): start, mark
# contacted with a note, snooze, skip, pause with q, resume with
# `rolodex review`, a note, the walk through every other card, a resize,
# kill -9 mid-review and resume at the same card, finish and the summary.
# After each step the database is checked through `rolodex show --format
# json` and `rolodex review --status --format json`.
#
# Environment: ROLODEX_BIN (the binary); everything else is private to the
# test (a tmux server of its own, a temporary HOME and database).
set -eu

BIN=${ROLODEX_BIN:?ROLODEX_BIN must name the rolodex binary}
command -v tmux >/dev/null 2>&1 || { echo "tmux is required"; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rolodex-review.XXXXXX")
SOCK="rdx-review-$$"
DB="$TMP/rolodex.db"
export LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=2026-11-22
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share"
mkdir -p "$HOME"

cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tmux -L "$SOCK" capture-pane -p 2>/dev/null || true
	exit 1
}

rdx() {
	"$BIN" --db "$DB" "$@"
}

# Runs `rolodex ARGS` in the test's tmux server at 80x24: the first time in
# a new session, then in the same pane again (respawn-pane).  The pane stays
# after the program exits (or is killed) so its last screen can be read.
STARTED=no
start_tui() {
	cmd="exec env TERM=xterm-256color ESCDELAY=25 HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=$ROLODEX_TODAY '$BIN' --db '$DB' $*"
	if [ $STARTED = no ]; then
		tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 "$cmd" \; set-option -g remain-on-exit on
		STARTED=yes
	else
		tmux -L "$SOCK" respawn-pane -k "$cmd"
	fi
}

screen() {
	tmux -L "$SOCK" capture-pane -p
}

# Polls the screen until it shows TEXT (fixed string), at most 10 seconds.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -F -q -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for: $1"
}

keys() {
	tmux -L "$SOCK" send-keys "$@"
}

# Literal text.
type_text() {
	tmux -L "$SOCK" send-keys -l -- "$1"
}

# expect_json FILE '"key": value' - the pretty-printed JSON holds that line.
expect_json() {
	grep -F -q -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected $2"; }
}

status_json() {
	rdx review --status --format json >"$TMP/status.json"
}

show_json() {
	rdx show "$1" --format json >"$TMP/show.json"
}

# ---- a rolodex with four cards due and one that is not -----------------
rdx add "Eve Early" --cadence 1m >/dev/null
rdx contacted "Eve Early" --via email --date 2026-06-01
rdx add "Ada Lovelace" --cadence 3m --email ada@example.org >/dev/null
rdx contacted "Ada Lovelace" --via coffee --date 2026-08-02
rdx add "Dee Birthday" --birthday --11-27 >/dev/null
rdx add "Bob Builder" --cadence 1m >/dev/null
rdx add "Cy Calm" >/dev/null

status_json
expect_json "$TMP/status.json" '"active": false'
expect_json "$TMP/status.json" '"total": 0'

# ---- the reminder in the browser: looked for after the first paint, then
# the due cards counted in idle slices (the queue's three overdue and
# never-contacted cards; Dee's birthday is in the queue but not due) ------
start_tui
wait_for "3 cards are due — r starts your first review"
keys q

# ---- start: most overdue first ------------------------------------------
start_tui review
wait_for "Review · 1 of 4"
wait_for "Eve Early"
wait_for "overdue by 4 months"
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 1'
expect_json "$TMP/status.json" '"total": 4'

# contacted by coffee with a note -> the next card
keys c
wait_for "How? One key"
keys f
wait_for "Note (optional)"
type_text "lunch next month"
keys Enter
wait_for "Review · 2 of 4"
wait_for "Ada Lovelace"
show_json "Eve Early"
expect_json "$TMP/show.json" '"last_contacted": "2026-11-22"'
expect_json "$TMP/show.json" '"note": "lunch next month"'
status_json
expect_json "$TMP/status.json" '"position": 2'
expect_json "$TMP/status.json" '"contacted": 1'
expect_json "$TMP/status.json" '"coffee": 1'

# snooze Ada until next month's review: z asks how long, Enter is the default
keys z
wait_for "Snooze 1w/2w/1m/3m/date, Enter 1 Dec:"
keys Enter
wait_for "Review · 3 of 4"
wait_for "Dee Birthday"
wait_for "birthday on 27 Nov, in 5 days"
show_json "Ada Lovelace"
expect_json "$TMP/show.json" '"snooze_until": "2026-12-01"'
expect_json "$TMP/show.json" '"due": false'

# skip Dee, then pause on Bob
keys s
wait_for "Review · 4 of 4"
wait_for "Bob Builder"
wait_for "never contacted"
keys q
wait_for "r resumes it"
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 4'
expect_json "$TMP/status.json" '"snoozed": 1'
expect_json "$TMP/status.json" '"skipped": 1'
keys q

# ---- resume with `rolodex review`: the same card --------------------------
start_tui review
wait_for "Resuming your review of 22 Nov — 4 of 4"
wait_for "Bob Builder"

# a note on Bob (Ctrl-S saves), stays on the card
keys n
wait_for "^S saves"
type_text "kids: Tom and Ann"
keys C-s
wait_for "noted"
show_json "Bob Builder"
expect_json "$TMP/show.json" '"text": "kids: Tom and Ann"'
status_json
expect_json "$TMP/status.json" '"noted": 1'

# the end of the queue: go on through every other card
keys s
wait_for "go on through the other 1 card"
keys y
wait_for "Review · 5 of 5"
wait_for "Cy Calm"
status_json
expect_json "$TMP/status.json" '"extended": true'
expect_json "$TMP/status.json" '"total": 5'

# resize mid-review: still the same card, redrawn
tmux -L "$SOCK" resize-window -x 50 -y 14
wait_for "Review · 5 of 5"
tmux -L "$SOCK" resize-window -x 80 -y 24
wait_for "Cy Calm"

# ---- kill -9 mid-review, then resume at the same card ---------------------
pid=$(tmux -L "$SOCK" display-message -p '#{pane_pid}')
kill -9 "$pid"
i=0
until [ "$(tmux -L "$SOCK" display-message -p '#{pane_dead}')" = 1 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "rolodex did not die"
	sleep 0.1
done
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 5'
start_tui review
wait_for "Resuming your review of 22 Nov — 5 of 5"
wait_for "Cy Calm"

# ---- finish: the summary, and the review is in the history ---------------
keys s
wait_for "finished"
wait_for "contacted 1 — coffee 1; notes 1; snoozed 1; skipped 2; still due 1"
wait_for "snoozed Ada Lovelace"
wait_for "skipped Dee Birthday, "
status_json
expect_json "$TMP/status.json" '"active": false'
expect_json "$TMP/status.json" '"position": 5'
expect_json "$TMP/status.json" '"total": 5'
expect_json "$TMP/status.json" '"contacted": 1'
expect_json "$TMP/status.json" '"noted": 1'
expect_json "$TMP/status.json" '"snoozed": 1'
expect_json "$TMP/status.json" '"skipped": 2'
expect_json "$TMP/status.json" '"started_at": "2026-11-22T'
expect_json "$TMP/status.json" '"finished_at": "2026-11-22T'
keys q

# ---- a new review: Dee's birthday is still ahead, Bob still due ----------
# Right after finishing, r shows that review and asks before a new one.
start_tui review
wait_for "You finished a review today"
wait_for "y   start a new review anyway"
wait_for "snoozed Ada Lovelace"
keys y
wait_for "Review · 1 of 2"
wait_for "Dee Birthday"
keys s
wait_for "Bob Builder"
keys c
wait_for "How? One key"
keys Enter
wait_for "Note (optional)"
keys Enter
wait_for "That was everyone in the queue"
keys Escape
wait_for "contacted 1 — email 1; skipped 1; still due 0"
status_json
expect_json "$TMP/status.json" '"id": 2'
expect_json "$TMP/status.json" '"active": false'
keys q

# ---- nobody due: the offer of --all ----------------------------------------
DB="$TMP/calm.db"
rdx add "Calm Person" >/dev/null
start_tui review
wait_for "Nobody is due — enjoy your month"
keys y
wait_for "Review · 1 of 1"
wait_for "Calm Person"
status_json
expect_json "$TMP/status.json" '"scope": "all"'
keys q

echo "ok - review end to end"
