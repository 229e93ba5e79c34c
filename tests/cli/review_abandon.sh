#!/bin/bash
# tests/cli/review_abandon.sh - `rolodex review --abandon`: drops the review
# in progress (the touches made during it stay), says so, and refuses
# cleanly when there is none or when combined with other options.  The
# review in progress is written with Python's sqlite3 as the TUI would
# leave it (the review screen itself needs a terminal). TAP output.
set -u

. "$(dirname "$0")/lib.sh"

sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(str(v) for v in row) for row in r))' "$DB" "$1"; }

"$BIN" --db "$DB" add "Ada Lovelace" --cadence 1m >/dev/null
"$BIN" --db "$DB" add "Charles Babbage" --cadence 1m >/dev/null
"$BIN" --db "$DB" contacted Ada --via coffee --date 2026-11-03 >/dev/null

run review --abandon
check "nothing to abandon: exit 1" [ "$rc" = 1 ]
check "nothing to abandon: says so" err_is "rolodex: no review in progress"

# A review of 3 Nov, Ada contacted in it, Charles still to do.
sql "INSERT INTO review(id, started_at, today, scope, position, due_total) VALUES (7, '2026-11-03T09:00:00Z', '2026-11-03', 'due', 1, 2)" >/dev/null
sql "INSERT INTO review_item(review_id, position, card_id, reason, action, channel) VALUES (7, 0, 1, 'never', 'contacted', 'coffee'), (7, 1, 2, 'never', NULL, NULL)" >/dev/null
run review --status
check "the review is in progress" grep -q "in progress: 2 of 2" "$T/out"

run review --abandon --all
check "--abandon with another option is a usage error" [ "$rc" = 2 ]
check "and changes nothing" [ "$(sql 'SELECT count(*) FROM review')" = 1 ]

run review --abandon
check "abandoned: exit 0" [ "$rc" = 0 ]
check "abandoned: says what" out_is "Abandoned the review of 3 Nov (1 of 2 cards done; what was done stays)"
check "the review is gone" [ "$(sql 'SELECT count(*) FROM review')" = 0 ]
check "its queue is gone" [ "$(sql 'SELECT count(*) FROM review_item')" = 0 ]
check "the touch made during it stays" [ "$(sql "SELECT date FROM touch WHERE card_id = 1")" = 2026-11-03 ]
run review --abandon
check "a second --abandon: nothing left" [ "$rc" = 1 ]

# A finished review is history, not abandoned.
sql "INSERT INTO review(id, started_at, finished_at, today, scope, position, due_total) VALUES (8, '2026-10-01T09:00:00Z', '2026-10-01T10:00:00Z', '2026-10-01', 'due', 0, 0)" >/dev/null
run review --abandon
check "a finished review is not abandoned" [ "$rc" = 1 ]
check "it stays in the history" [ "$(sql 'SELECT count(*) FROM review')" = 1 ]

finish
