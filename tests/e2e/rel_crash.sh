#!/usr/bin/env bash
# rel_crash.sh - crash safety: SIGKILL at random moments during a 5,000-card
# import, during a burst of CLI writes and during a review in the
# full-screen interface, and deterministically at the Nth pwrite64 (strace
# fault injection).  After every kill: PRAGMA integrity_check is ok, reading
# commands work at once (no "read-only" from a hot journal), the import is
# all or nothing, and every write acknowledged before the kill is there.
# Also exports stopped by SIGTERM, SIGINT and SIGHUP: no temporary file is
# left and every file that is there is whole.
source "$(dirname "$0")/rel_lib.sh"
rel_setup

KILLS=0

# ---- a 5,000-card import killed at random moments ------------------------
gen_vcards "$E2E_DIR/5k.vcf" 5000
BASE="$E2E_DIR/base.db"
"$ROLODEX_BIN" --db "$BASE" add "Seed One" >/dev/null
"$ROLODEX_BIN" --db "$BASE" add "Seed Two" >/dev/null
SEEDS=2

# How long a whole import takes here, so the kills spread over all of it
# (parsing, inserting, committing).
cp "$BASE" "$DB"
start=$(date +%s%N)
"$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/5k.vcf" >/dev/null
full_ms=$((($(date +%s%N) - start) / 1000000))
check "a whole 5k import gives 5002 cards (${full_ms} ms)" [ "$(live_cards "$DB")" = $((SEEDS + 5000)) ]

RUNS=$((20 * REL_SCALE))
[ "$REL_ASAN" = 1 ] && RUNS=$((6 * REL_SCALE))
bad_state=0 bad_read=0 bad_integrity=0 complete=0 none=0
for ((run = 1; run <= RUNS; run++)); do
	rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
	cp "$BASE" "$DB"
	"$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/5k.vcf" >/dev/null 2>&1 &
	pid=$!
	delay=$(random_between 0 $((full_ms + full_ms / 10)))
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	KILLS=$((KILLS + 1))
	# The very next reading command must work on the file as left.
	listed=$("$ROLODEX_BIN" --db "$DB" list --format tsv 2>"$E2E_DIR/err" | wc -l)
	if [ -s "$E2E_DIR/err" ]; then
		bad_read=$((bad_read + 1))
		note "run $run (kill after ${delay} ms): list said: $(head -c 200 "$E2E_DIR/err")"
	fi
	integrity_ok "$DB" || bad_integrity=$((bad_integrity + 1))
	n=$(live_cards "$DB")
	case "$n" in
	"$SEEDS") none=$((none + 1)) ;;
	"$((SEEDS + 5000))") complete=$((complete + 1)) ;;
	*) bad_state=$((bad_state + 1)); note "run $run: $n cards after a kill at ${delay} ms" ;;
	esac
	[ "$listed" = "$n" ] || { bad_read=$((bad_read + 1)); note "run $run: list showed $listed of $n"; }
done
count "import kills" "$RUNS (import complete in $complete, rolled back in $none)"
check "import: $RUNS random kills leave integrity_check ok" [ "$bad_integrity" = 0 ]
check "import: all or nothing after every kill ($complete complete, $none none)" [ "$bad_state" = 0 ]
check "import: list works at once after every kill and shows every card" [ "$bad_read" = 0 ]

# ---- exports stopped by a signal -------------------------------------------
# ^C, kill or a closed terminal during an export leaves no temporary file
# behind: no "all.vcf.tmp-XXXXXX", no half-written card in a vdir.  Job
# control is on so that a background export does not start with SIGINT
# ignored (then rolodex rightly leaves it ignored).
EXP_DB="$E2E_DIR/export.db"
cp "$BASE" "$EXP_DB"
"$ROLODEX_BIN" --db "$EXP_DB" import "$E2E_DIR/5k.vcf" >/dev/null
EXP_RUNS=$((12 * REL_SCALE))
leftovers=0 bad_exit=0 broken=0 stopped=0
signals=(TERM INT HUP)
set -m
for ((run = 1; run <= EXP_RUNS; run++)); do
	out="$E2E_DIR/exp$run"
	rm -rf "$out"
	mkdir "$out"
	sig=${signals[run % 3]}
	if ((run % 2)); then
		"$ROLODEX_BIN" --db "$EXP_DB" export --vdir "$out/vd" >/dev/null 2>&1 &
	else
		"$ROLODEX_BIN" --db "$EXP_DB" export -o "$out/all.vcf" >/dev/null 2>&1 &
	fi
	pid=$!
	# Wait for the first temporary file, then a random moment more.
	for ((i = 0; i < 400; i++)); do
		compgen -G "$out/all.vcf.tmp-*" >/dev/null || compgen -G "$out/vd/*.tmp-*" >/dev/null && break
		sleep 0.005
	done
	sleep "0.00$(random_between 0 9)"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	KILLS=$((KILLS + 1))
	case "$rc" in
	0) ;;
	$((128 + $(kill -l "$sig")))) stopped=$((stopped + 1)) ;;
	*) bad_exit=$((bad_exit + 1)); note "export run $run: SIG$sig gave exit status $rc" ;;
	esac
	left=$(find "$out" -name '*.tmp-*' | head -3)
	if [ -n "$left" ]; then
		leftovers=$((leftovers + 1))
		note "export run $run (SIG$sig): left $left"
	fi
	# Every card file that is there is whole.
	if [ -d "$out/vd" ]; then
		for f in "$out"/vd/*.vcf; do
			[ -e "$f" ] || continue
			tail -c 11 "$f" | grep -q "END:VCARD" || { broken=$((broken + 1)); note "export run $run: $f is cut"; }
		done
	fi
	# A signal after the file went into place finds the export done.
	if [ -e "$out/all.vcf" ] && [ "$(grep -c '^BEGIN:VCARD' "$out/all.vcf")" != $((SEEDS + 5000)) ]; then
		broken=$((broken + 1))
		note "export run $run: all.vcf is there but not whole after SIG$sig"
	fi
done 2>/dev/null # the shell's job notices
set +m
count "export kills" "$EXP_RUNS ($stopped stopped by the signal, the rest finished first)"
check "export: a signal leaves no temporary file ($EXP_RUNS runs, SIGTERM, SIGINT, SIGHUP)" [ "$leftovers" = 0 ]
check "export: the process ends by the signal it got, or finished" [ "$bad_exit" = 0 ]
check "export: every file left is whole (cards in a vdir, the -o file)" [ "$broken" = 0 ]
check "export: a quarter of the runs or more were stopped mid-way ($stopped of $EXP_RUNS)" [ "$stopped" -ge $((EXP_RUNS / 4)) ]

# ---- a burst of CLI writes, killed at random moments -----------------------
# A writer loop records each write only after rolodex exited 0 (the
# acknowledgement); then the loop and its rolodex are killed.
rm -f "$DB" "$DB-journal"
"$ROLODEX_BIN" --db "$DB" add "Burst Target" >/dev/null
ACK="$E2E_DIR/acked"
: >"$ACK"
writer()
{
	local round=$1 i=0
	while :; do
		i=$((i + 1))
		case $((i % 3)) in
		0) "$ROLODEX_BIN" --db "$DB" add "Burst $round-$i" >/dev/null 2>&1 && echo "card Burst $round-$i" >>"$ACK" ;;
		1) "$ROLODEX_BIN" --db "$DB" note "Burst Target" "burst note $round-$i" >/dev/null 2>&1 &&
			echo "note burst note $round-$i" >>"$ACK" ;;
		2) "$ROLODEX_BIN" --db "$DB" edit "Burst Target" --add "email=b$round-$i@example.org" >/dev/null 2>&1 &&
			echo "email b$round-$i@example.org" >>"$ACK" ;;
		esac
	done
}
BURSTS=$((10 * REL_SCALE))
for ((round = 1; round <= BURSTS; round++)); do
	writer "$round" &
	loop=$!
	sleep "0.$(random_between 100 600)"
	# Stop the loop first (so nothing more is acknowledged), then kill the
	# rolodex it is running at that moment.
	kill -STOP "$loop" 2>/dev/null
	children=$(pgrep -P "$loop")
	kill -KILL $children 2>/dev/null
	kill -KILL "$loop" 2>/dev/null
	wait "$loop" 2>/dev/null
	KILLS=$((KILLS + 1))
done
acked=$(wc -l <"$ACK")
check "burst: integrity_check ok after $BURSTS kills" integrity_ok "$DB"
missing=0
cards=$(sql "$DB" "SELECT name FROM card")
notes=$(sql "$DB" "SELECT body FROM note")
emails=$(sql "$DB" "SELECT value FROM card_field")
while read -r kind what; do
	case $kind in
	card) grep -qxF -- "$what" <<<"$cards" ;;
	note) grep -qxF -- "$what" <<<"$notes" ;;
	email) grep -qxF -- "$what" <<<"$emails" ;;
	esac || { missing=$((missing + 1)); note "lost after a kill: $kind $what"; }
done <"$ACK"
count "burst writes acknowledged" "$acked in $BURSTS rounds"
check "burst: all $acked acknowledged writes are there" [ "$missing" = 0 -a "$acked" -gt 0 ]
check "burst: the next write works" sh -c '"$0" --db "$1" add "After Burst" >/dev/null' "$ROLODEX_BIN" "$DB"

# ---- deterministic kills at the Nth pwrite64 ---------------------------------
# One `add` and one 5k import are killed at each sampled write (journal and
# database file alike); N sweeps the whole range of writes they make.
writes_of()
{
	strace -f -qq -e trace=pwrite64 -o "$E2E_DIR/trace" "$@" >/dev/null 2>&1
	grep -c pwrite64 "$E2E_DIR/trace"
}
rm -f "$BASE" && "$ROLODEX_BIN" --db "$BASE" add "Seed One" >/dev/null && "$ROLODEX_BIN" --db "$BASE" add "Seed Two" >/dev/null
cp "$BASE" "$DB"
add_writes=$(writes_of "$ROLODEX_BIN" --db "$DB" add "Probe")
cp "$BASE" "$DB"
import_writes=$(writes_of "$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/5k.vcf")
note "an add makes $add_writes pwrite64 calls, a 5k import $import_writes"

sweep_bad=0 sweep_runs=0
sweep()
{
	local total=$1 steps=$2 expect_new=$3
	shift 3
	local n step=$(((total + steps - 1) / steps))
	[ "$step" -ge 1 ] || step=1
	for ((n = 1; n <= total; n += step)); do
		rm -f "$DB" "$DB-journal"
		cp "$BASE" "$DB"
		# (a subshell, so bash's "Killed" notice goes nowhere)
		(strace -f -qq -o /dev/null -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when="$n" \
			"$ROLODEX_BIN" --db "$DB" "$@" >/dev/null 2>&1; :) 2>/dev/null
		sweep_runs=$((sweep_runs + 1))
		KILLS=$((KILLS + 1))
		local listed got
		listed=$("$ROLODEX_BIN" --db "$DB" list --format tsv 2>&1 | grep -c .)
		if ! integrity_ok "$DB"; then
			sweep_bad=$((sweep_bad + 1)); note "$1 killed at pwrite64 #$n: integrity"
			continue
		fi
		got=$(live_cards "$DB")
		if [ "$got" != "$SEEDS" ] && [ "$got" != $((SEEDS + expect_new)) ]; then
			sweep_bad=$((sweep_bad + 1)); note "$1 killed at pwrite64 #$n: $got cards"
		elif [ "$listed" != "$got" ]; then
			sweep_bad=$((sweep_bad + 1)); note "$1 killed at pwrite64 #$n: list showed $listed"
		fi
	done
}
sweep "$add_writes" "$add_writes" 1 add "Swept Card"
IMPORT_POINTS=$((12 * REL_SCALE))
[ "$REL_ASAN" = 1 ] && IMPORT_POINTS=$((3 * REL_SCALE))
sweep "$import_writes" "$IMPORT_POINTS" 5000 import "$E2E_DIR/5k.vcf"
# The very first write, which creates the file and its schema: killed at
# every pwrite64, reading commands must still work (an empty rolodex or
# the one card) and the next add must finish the job.
rm -f "$DB" "$DB-journal"
first_writes=$(writes_of "$ROLODEX_BIN" --db "$DB" add "First")
for ((n = 1; n <= first_writes; n += (first_writes + 24) / 25)); do
	rm -f "$DB" "$DB-journal"
	(strace -f -qq -o /dev/null -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when="$n" \
		"$ROLODEX_BIN" --db "$DB" add "First" >/dev/null 2>&1; :) 2>/dev/null
	sweep_runs=$((sweep_runs + 1))
	KILLS=$((KILLS + 1))
	rc=0
	listed=$("$ROLODEX_BIN" --db "$DB" list --format tsv 2>"$E2E_DIR/err" | grep -c .) || true
	[ -s "$E2E_DIR/err" ] && rc=1
	if [ "$rc" != 0 ] || [ "$listed" -gt 1 ]; then
		sweep_bad=$((sweep_bad + 1)); note "first add killed at pwrite64 #$n: list: $(head -c 150 "$E2E_DIR/err")"
	elif ! "$ROLODEX_BIN" --db "$DB" add "Second" >/dev/null 2>"$E2E_DIR/err"; then
		sweep_bad=$((sweep_bad + 1)); note "first add killed at pwrite64 #$n: next add: $(head -c 150 "$E2E_DIR/err")"
	fi
done
count "pwrite64 kills" "$sweep_runs (add: every one of $add_writes writes; import: $IMPORT_POINTS points over $import_writes; first add on a new file: every ~1/25 of $first_writes)"
check "pwrite64 sweep: integrity ok, old or new, never a mix, readable at once" [ "$sweep_bad" = 0 -a "$sweep_runs" -gt 0 ]

# ---- a review in the full-screen interface, killed after actions ----------
rm -f "$BASE"
for i in $(seq 1 12); do
	"$ROLODEX_BIN" --db "$BASE" add "Due Person $i" --cadence 1m >/dev/null
done
TUI_RUNS=$((3 * REL_SCALE))
tui_bad=0 tui_acked_total=0
for ((run = 1; run <= TUI_RUNS; run++)); do
	rm -f "$DB" "$DB-journal"
	cp "$BASE" "$DB"
	start_rolodex 100 30 review
	if ! wait_for "Review · 1 of 12"; then
		tui_bad=$((tui_bad + 1)); note "review did not start"; continue
	fi
	acked=0
	actions=$(random_between 1 4)
	for ((a = 1; a <= actions; a++)); do
		keys c && wait_for "How? One key" && keys f && wait_for "Note (optional)" && keys Enter &&
			wait_for "Review · $((a + 1)) of 12" && acked=$((acked + 1))
	done
	# One more action in flight, then the kill at a random moment.
	keys c
	keys f
	keys Enter
	sleep "0.0$(random_between 0 9)"
	pid=$(rolodex_pid)
	[ -n "$pid" ] && kill -KILL "$pid"
	KILLS=$((KILLS + 1))
	wait_for "exit=" 5
	touches=$(sql "$DB" "SELECT count(*) FROM touch")
	tui_acked_total=$((tui_acked_total + acked))
	if ! integrity_ok "$DB" || [ "$touches" -lt "$acked" ] || [ "$touches" -gt $((acked + 1)) ]; then
		tui_bad=$((tui_bad + 1)); note "review run $run: $acked acknowledged, $touches touches"
	fi
done
count "review kills" "$TUI_RUNS ($tui_acked_total acknowledged review steps)"
check "review: every step shown as done survives kill -9 (integrity ok)" [ "$tui_bad" = 0 -a "$tui_acked_total" -gt 0 ]

count "kills survived" "$KILLS"
e2e_finish
