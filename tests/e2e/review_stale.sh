#!/bin/bash
# review_stale.sh - a review that stays true, at 80x24 and 200x50: a review
# queued in October and resumed in November offers to refresh it (the card
# that became due added, the one no longer due dropped, the one done kept)
# or to start over; the rhythm set in the review changes the reason line at
# once; snooze asks how long; X abandons the review.  The database is
# checked after each step through `rolodex review --status` and `show`.
. "$(dirname "$0")/lib.sh"
e2e_setup

json_has() { rdx show "$1" --format json | grep -qF -- "$2"; }
status_has() { rdx review --status --format json | grep -qF -- "$1"; }

# Four cards with a monthly rhythm; in October Dot, Ann and Bob are due.
seed() {
	rdx add "Ann Still" --cadence 1m >/dev/null &&
	rdx contacted Ann --via email --date 2026-09-25 >/dev/null &&
	rdx add "Bob Gone" --cadence 1m >/dev/null &&
	rdx contacted Bob --via email --date 2026-09-28 >/dev/null &&
	rdx add "Cal Newly" --cadence 1m >/dev/null &&
	rdx contacted Cal --via email --date 2026-10-15 >/dev/null &&
	rdx add "Dot Done" --cadence 1m >/dev/null &&
	rdx contacted Dot --via email --date 2026-09-20 >/dev/null
}

# A review on 30 Oct: Dot contacted, then paused; Bob is reached outside
# the review on 5 Nov.
october_review() {
	start_shell "$1" "$2" || return 1
	type_line "clear; ROLODEX_TODAY=2026-10-30 '$ROLODEX_BIN' --db '$DB' review; echo exit=\$?"
	wait_for "Review · 1 of 3" || return 1
	wait_for "Dot Done" || return 1
	keys c
	wait_for "How? One key:" || return 1
	keys f Enter
	wait_for "Review · 2 of 3" || return 1
	keys q
	wait_for "Review paused at 2 of 3" || return 1
	keys q
	terminal_restored || return 1
	rdx contacted Bob --via call --date 2026-11-05 >/dev/null
}

# ---- 80x24: refresh, rhythm, snooze, abandon -----------------------------
check "seeding" seed
check "an October review, paused" october_review 80 24
check "it is in progress" status_has '"active": true'

start_rolodex 80 24 review
check "resumed in November, the review offers a refresh" wait_for "This review was queued on 30 Oct: 3 cards, 1 done."
check "and says what changed" wait_for "Since then 1 more card became due, and 1 of the 2 left is no longer due."
check "y refreshes" wait_for "y   refresh it: add the 1, drop the 1, keep the 1 done"
check "X starts over" wait_for "X   start over"
save_screen review-stale-80x24
keys y
check "refreshed" wait_for "Refreshed: 1 added, 1 no longer due dropped, 1 done kept"
check "the first card nothing was done at" wait_for "Ann Still"
check "at 2 of 3" wait_for "Review · 2 of 3"
check "the stored queue has 3 cards" status_has '"total": 3'
check "the stored cursor is on the second" status_has '"position": 2'
check "what was done is kept" status_has '"contacted": 1'

# The rhythm set here shows in the reason line at once.
check "Ann is overdue on a monthly rhythm" wait_for "overdue by 4 weeks — every month"
keys r
check "r asks for the rhythm" wait_for "Keep in touch every"
keys C-u
type_text "6m"
keys Enter
check "the reason line follows the new rhythm" wait_for "no longer due (next on 25 Mar 2027) — every 6 months"
check "the rhythm is stored" json_has Ann '"cadence": "6m"'

# Snooze asks how long.
keys z
check "z asks how long" wait_for "Snooze 1w/2w/1m/3m/date, Enter 1 Dec:"
type_text "soon"
keys Enter
check "a span it does not know is refused" wait_for "not a snooze: soon"
check "the card stays" wait_for "Ann Still"
keys z
wait_for "Snooze 1w/2w/1m/3m/date"
type_text "1w"
keys Enter
check "snoozed for a week" wait_for "Snoozed until 29 Nov"
check "the snooze is stored" json_has Ann '"snooze_until": "2026-11-29"'
check "on to the card that became due" wait_for "Cal Newly"

# X abandons, after a question.
keys X
check "X asks first" wait_for "Abandon this review? What was done at its cards stays."
keys n
check "n keeps it" wait_for "Cal Newly"
keys X
wait_for "Abandon this review?"
keys y
check "abandoned" wait_for "Review abandoned"
check "no review is in progress" status_has '"active": false'
check "what was done stays" json_has Ann '"snooze_until": "2026-11-29"'
keys q
check "quits" terminal_restored

# ---- 200x50: start over instead ------------------------------------------
DB="$E2E_DIR/second.db"
check "seeding a second rolodex" seed
check "an October review there, paused" october_review 200 50
start_rolodex 200 50 review
check "the stale offer at 200x50" wait_for "This review was queued on 30 Oct: 3 cards, 1 done."
save_screen review-stale-200x50
keys X
check "X starts over: a new review of who is due today" wait_for "Review · 1 of 2"
check "Ann first, most overdue" wait_for "Ann Still"
check "the new queue is stored" status_has '"total": 2'
check "the new review is dated today" status_has '"started_at": "2026-11-22T'

# Finishing, then r again: the summary names who was skipped, and asks.
keys s s
check "the end of the due cards" wait_for "That was everyone in the queue (2 cards)."
keys Escape
check "Esc finishes the review" wait_for "finished"
check "the summary names the skipped cards" wait_for "skipped Ann Still, Cal Newly"
keys q
check "back in the browser" wait_for "of 4"
keys r
check "r right after finishing shows that review" wait_for "You finished a review today"
check "and asks before a new one" wait_for "y   start a new review anyway"
keys q
check "q goes back without a new review" wait_for "of 4"
check "no new review was started" status_has '"active": false'
keys q
check "quits" terminal_restored

e2e_finish
