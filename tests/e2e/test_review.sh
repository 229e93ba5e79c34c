#!/bin/bash
# test_review.sh - a whole review in a real terminal (tmux): start, mark
# contacted with a note, snooze, skip, pause with q, resume with
# `rolodex review`, a note, the walk through every other card, a resize,
# kill -9 mid-review and resume at the same card, finish and the summary.
# After each step the database is checked through `rolodex show --format
# json` and `rolodex review --status --format json`.
#
# The harness is lib.sh's (a private tmux server, a locked environment, a
# temporary HOME and database).
set -e
. "$(dirname "$0")/lib.sh"
e2e_setup
TMP=$E2E_DIR

# A step that does not happen ends the test with the screen it stopped at.
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen 2>/dev/null || true
	exit 1
}

# need TEXT: wait until the screen shows TEXT, else fail.
need() {
	wait_for "$1" || fail "timed out waiting for: $1"
}

# Runs `rolodex ARGS` at 80x24 with nothing but it in the pane: the first
# time in a new session of lib.sh's server, then in the same pane again
# (respawn-pane).  The pane stays after the program exits (or is killed)
# so its last screen can be read.
STARTED=no
start_tui() {
	cmd="exec env TERM=xterm-256color ESCDELAY=25 LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=$ROLODEX_TODAY HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' '$ROLODEX_BIN' --db '$DB' $*"
	if [ $STARTED = no ]; then
		tmux -L "$E2E_SERVER" -f /dev/null new-session -d -x 80 -y 24 "$cmd" \; set-option -g remain-on-exit on
		STARTED=yes
	else
		tmux -L "$E2E_SERVER" respawn-pane -k "$cmd"
	fi
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
need "3 cards are due — r starts your first review"
keys q

# ---- start: most overdue first ------------------------------------------
start_tui review
need "Review · 1 of 4"
need "Eve Early"
need "overdue by 4 months"
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 1'
expect_json "$TMP/status.json" '"total": 4'

# contacted by coffee with a note -> the next card
keys c
need "How? One key"
keys f
need "Note (optional)"
type_text "lunch next month"
keys Enter
need "Review · 2 of 4"
need "Ada Lovelace"
show_json "Eve Early"
expect_json "$TMP/show.json" '"last_contacted": "2026-11-22"'
expect_json "$TMP/show.json" '"note": "lunch next month"'
status_json
expect_json "$TMP/status.json" '"position": 2'
expect_json "$TMP/status.json" '"contacted": 1'
expect_json "$TMP/status.json" '"coffee": 1'

# snooze Ada until next month's review: z asks how long, Enter is the default
keys z
need "Snooze 1w/2w/1m/3m/date, Enter 1 Dec:"
keys Enter
need "Review · 3 of 4"
need "Dee Birthday"
need "birthday on 27 Nov, in 5 days"
show_json "Ada Lovelace"
expect_json "$TMP/show.json" '"snooze_until": "2026-12-01"'
expect_json "$TMP/show.json" '"due": false'

# skip Dee, then pause on Bob
keys s
need "Review · 4 of 4"
need "Bob Builder"
need "never contacted"
keys q
need "r resumes it"
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 4'
expect_json "$TMP/status.json" '"snoozed": 1'
expect_json "$TMP/status.json" '"skipped": 1'
keys q

# ---- resume with `rolodex review`: the same card --------------------------
start_tui review
need "Resuming your review of 22 Nov — 4 of 4"
need "Bob Builder"

# a note on Bob (Ctrl-S saves), stays on the card
keys n
need "^S saves"
type_text "kids: Tom and Ann"
keys C-s
need "noted"
show_json "Bob Builder"
expect_json "$TMP/show.json" '"text": "kids: Tom and Ann"'
status_json
expect_json "$TMP/status.json" '"noted": 1'

# the end of the queue: go on through every other card
keys s
need "go on through the other 1 card"
keys y
need "Review · 5 of 5"
need "Cy Calm"
status_json
expect_json "$TMP/status.json" '"extended": true'
expect_json "$TMP/status.json" '"total": 5'

# resize mid-review: still the same card, redrawn
tmux -L "$E2E_SERVER" resize-window -x 50 -y 14
need "Review · 5 of 5"
tmux -L "$E2E_SERVER" resize-window -x 80 -y 24
need "Cy Calm"

# ---- kill -9 mid-review, then resume at the same card ---------------------
pid=$(tmux -L "$E2E_SERVER" display-message -p '#{pane_pid}')
kill -9 "$pid"
pane_dead() {
	[ "$(tmux -L "$E2E_SERVER" display-message -p '#{pane_dead}')" = 1 ]
}
wait_cmd "$E2E_TIMEOUT" pane_dead || fail "rolodex did not die"
status_json
expect_json "$TMP/status.json" '"active": true'
expect_json "$TMP/status.json" '"position": 5'
start_tui review
need "Resuming your review of 22 Nov — 5 of 5"
need "Cy Calm"

# ---- finish: the summary, and the review is in the history ---------------
keys s
need "finished"
need "contacted 1 — coffee 1; notes 1; snoozed 1; skipped 2; still due 1"
need "snoozed Ada Lovelace"
need "skipped Dee Birthday, "
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
need "You finished a review today"
need "y   start a new review anyway"
need "snoozed Ada Lovelace"
keys y
need "Review · 1 of 2"
need "Dee Birthday"
keys s
need "Bob Builder"
keys c
need "How? One key"
keys Enter
need "Note (optional)"
keys Enter
need "That was everyone in the queue"
keys Escape
need "contacted 1 — email 1; skipped 1; still due 0"
status_json
expect_json "$TMP/status.json" '"id": 2'
expect_json "$TMP/status.json" '"active": false'
keys q

# ---- nobody due: the offer of --all ----------------------------------------
DB="$TMP/calm.db"
rdx add "Calm Person" >/dev/null
start_tui review
need "Nobody is due — enjoy your month"
keys y
need "Review · 1 of 1"
need "Calm Person"
status_json
expect_json "$TMP/status.json" '"scope": "all"'
keys q

echo "ok - review end to end"
