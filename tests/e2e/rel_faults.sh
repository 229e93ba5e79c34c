#!/usr/bin/env bash
# rel_faults.sh - I/O errors and limits: ENOSPC and EIO injected into the
# Nth and every later pwrite64, EIO from fsync/fdatasync, a real full disk
# (a small tmpfs in a user and mount namespace) under the CLI and under the
# full-screen form, `ulimit -f`, output to /dev/full and to a closed pipe.
# Each failure must give a clear message and exit 1, print no success
# message, and leave the database intact and unchanged.
source "$(dirname "$0")/rel_lib.sh"
rel_setup

FAULTS=0

BASE="$E2E_DIR/base.db"
"$ROLODEX_BIN" --db "$BASE" add "Ada Lovelace" --email ada@example.org --org Engines >/dev/null
"$ROLODEX_BIN" --db "$BASE" add "Charles Babbage" --email charles@example.org >/dev/null
"$ROLODEX_BIN" --db "$BASE" note Ada "first note" >/dev/null
gen_vcards "$E2E_DIR/50.vcf" 50 Imported

# content DB: a digest of everything in the database (after a reader has
# rolled back any hot journal), so "unchanged" means the same rows.
content()
{
	sql "$1" ".dump" | sha256sum | cut -d' ' -f1
}
BASE_CONTENT=$(content "$BASE")

# The commands tried under every fault, one per line.
COMMANDS=(
	'add "Fault Card" --email fault@example.org'
	'note Ada "a note that must not half-exist"'
	'edit Ada --set org=Changed --add email=new@example.org'
	'contacted Ada --via coffee --note "met"'
	"import $E2E_DIR/50.vcf"
	'delete Babbage'
)

# run_faulted "CMD" STRACE-ARGS...: runs CMD on a fresh copy of the base
# under strace with the given injection; checks exit 1, a message on stderr,
# nothing on stdout, and the database unchanged and intact.
fault_bad=0
run_faulted()
{
	local cmd=$1
	shift
	rm -f "$DB" "$DB-journal"
	cp "$BASE" "$DB"
	eval "set -- \"\$@\" $cmd"
	local rc=0
	strace -f -qq -o /dev/null "$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
	FAULTS=$((FAULTS + 1))
	local why=""
	[ "$rc" = 1 ] || why="exit $rc"
	[ -s "$E2E_DIR/out" ] && why="$why, printed '$(head -c 80 "$E2E_DIR/out")' after a failed write"
	grep -qiE 'disk is full|disk I/O error|no space|input/output' "$E2E_DIR/err" || why="$why, message '$(head -c 120 "$E2E_DIR/err")'"
	grep -q '^rolodex: ' "$E2E_DIR/err" || why="$why, no rolodex: message"
	integrity_ok "$DB" || why="$why, integrity"
	[ "$(content "$DB")" = "$BASE_CONTENT" ] || why="$why, database changed"
	if [ -n "$why" ]; then
		fault_bad=$((fault_bad + 1))
		note "$cmd under ${*:1:4}: $why"
	fi
}

# How many pwrite64 and sync calls each command makes, so the injection
# points cover its whole run.
calls_of()
{
	local cmd=$1 what=$2
	rm -f "$DB" "$DB-journal"
	cp "$BASE" "$DB"
	eval "set -- $cmd"
	strace -f -qq -P "$DB" -P "$DB-journal" -e trace="$what" -o "$E2E_DIR/trace" "$ROLODEX_BIN" --db "$DB" "$@" >/dev/null 2>&1
	grep -cE "^[0-9]+ +($(tr , '|' <<<"$what"))\(" "$E2E_DIR/trace"
}

enospc_runs=0 eio_runs=0 sync_runs=0
for cmd in "${COMMANDS[@]}"; do
	writes=$(calls_of "$cmd" pwrite64)
	syncs=$(calls_of "$cmd" fsync,fdatasync)
	points="1 $(((writes + 1) / 2)) $writes"
	for ((extra = 1; extra < REL_SCALE * 2; extra++)); do
		points="$points $(random_between 1 "$writes")"
	done
	for n in $points; do
		run_faulted "$cmd" -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC:when="$n"+ "$ROLODEX_BIN" --db "$DB"
		enospc_runs=$((enospc_runs + 1))
		run_faulted "$cmd" -e trace=pwrite64 -e inject=pwrite64:error=EIO:when="$n"+ "$ROLODEX_BIN" --db "$DB"
		eio_runs=$((eio_runs + 1))
	done
	# Every sync of the database and its journal, one at a time: never a
	# success message after a failed sync.  (-P: only those files.  The
	# sync of the folder after creating the journal is left out: SQLite
	# ignores its result by design, os_unix.c unixSync.)
	for ((n = 1; n <= syncs; n++)); do
		run_faulted "$cmd" -P "$DB" -P "$DB-journal" -e trace=fsync,fdatasync \
			-e inject=fsync,fdatasync:error=EIO:when="$n" "$ROLODEX_BIN" --db "$DB"
		sync_runs=$((sync_runs + 1))
	done
done
count "faults injected" "$FAULTS (ENOSPC on pwrite64: $enospc_runs, EIO on pwrite64: $eio_runs, EIO on fsync/fdatasync: $sync_runs; ${#COMMANDS[@]} commands)"
check "every injected write or sync error: message, exit 1, no success output, database unchanged" [ "$fault_bad" = 0 -a "$FAULTS" -gt 0 ]

# ---- a real full disk ---------------------------------------------------------
if unshare -r -m true 2>/dev/null; then
	FULL="$E2E_DIR/full"
	mkdir -p "$FULL"
	cp "$BASE" "$E2E_DIR/full.db"
	# In a private mount namespace: a 256 KiB tmpfs holding the database,
	# filled up; the add must fail cleanly, then work once space is freed.
	unshare -r -m bash -c '
		mount -t tmpfs -o size=256k none "$1" || exit 9
		cp "$2" "$1/rolodex.db"
		before=$(sha256sum <"$1/rolodex.db")
		dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
		head -c 100000 /dev/zero >>"$1/fill" 2>/dev/null
		"$3" --db "$1/rolodex.db" add "Full Disk" >"$1.out" 2>"$1.err"
		echo "rc=$?" >>"$1.err"
		after=$(sha256sum <"$1/rolodex.db")
		[ "$before" = "$after" ] && echo same >>"$1.err"
		rm -f "$1/fill"
		"$3" --db "$1/rolodex.db" add "After Full" >/dev/null && echo added >>"$1.err"
		"$3" --db "$1/rolodex.db" list --format tsv | cut -f2 >>"$1.err"
	' _ "$FULL" "$E2E_DIR/full.db" "$ROLODEX_BIN"
	FAULTS=$((FAULTS + 1))
	note "full disk: $(tr '\n' ' ' <"$FULL.err")"
	check "full tmpfs: add says the disk is full, exit 1" sh -c 'grep -q "disk is full" "$0" && grep -qx "rc=1" "$0"' "$FULL.err"
	check "full tmpfs: add printed no id" [ ! -s "$FULL.out" ]
	check "full tmpfs: the file's bytes are unchanged" grep -qx same "$FULL.err"
	check "full tmpfs: after freeing space the add works and the failed one is not there" \
		sh -c 'grep -qx added "$0" && grep -qx "After Full" "$0" && ! grep -qx "Full Disk" "$0"' "$FULL.err"

	# The form on a full disk: the save fails with a message, the form
	# stays open with the typed name to retry; freeing space and saving
	# again adds the card.
	FORMDIR="$E2E_DIR/formfull"
	mkdir -p "$FORMDIR"
	start_shell 100 30
	type_line "clear; unshare -r -m bash -c 'mount -t tmpfs -o size=256k none $FORMDIR && cp $BASE $FORMDIR/r.db && { dd if=/dev/zero of=$FORMDIR/fill bs=4k; head -c 100000 /dev/zero >>$FORMDIR/fill; } 2>/dev/null; exec $ROLODEX_BIN --db $FORMDIR/r.db'; echo exit=\$?"
	if wait_for "1 of 2"; then
		keys a
		wait_for "New card"
		type_text "Retry Person"
		keys C-s
		FAULTS=$((FAULTS + 1))
		check "full tmpfs, form: saving says the disk is full" wait_for "disk is full"
		check "full tmpfs, form: the form stays open with the unsaved name" \
			sh -c 'tmux -L "$0" capture-pane -p | grep -q "New card" && tmux -L "$0" capture-pane -p | grep -q "Retry Person"' "$E2E_SERVER"
		pid=$(rolodex_pid)
		rm -f "/proc/$pid/root$FORMDIR/fill"
		keys C-s
		check "full tmpfs, form: after freeing space Ctrl-S saves it" wait_for "Added Retry Person"
		keys q
		wait_for "exit="
		# The namespace is gone with the process: the tmpfs and its file too;
		# the card was seen saved on screen above.
	else
		check "full tmpfs, form: the browser starts in the namespace" false
	fi
else
	# Containers often forbid user namespaces: then the ENOSPC injected
	# into every write above stands in for the full disk.
	note "unshare -r -m is not permitted here: no real full disk; the strace ENOSPC runs above cover it"
fi

# ---- limits ------------------------------------------------------------------
cp "$BASE" "$DB"
rm -f "$DB-journal"
gen_vcards "$E2E_DIR/5k.vcf" 5000
before=$(content "$DB")
size_kb=$(($(stat -c %s "$DB") / 1024 + 8))
rc=0
(ulimit -f "$size_kb"; exec "$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/5k.vcf") >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
FAULTS=$((FAULTS + 1))
note "ulimit -f $size_kb: exit $rc: $(head -c 200 "$E2E_DIR/err")"
check "ulimit -f: not killed by SIGXFSZ (exit 1, not 153)" [ "$rc" = 1 ]
check "ulimit -f: says the file is too large" grep -q 'File too large' "$E2E_DIR/err"
check "ulimit -f: nothing imported, database intact" sh -c '[ "$1" = "$2" ]' _ "$(content "$DB")" "$before"

rc=0
"$ROLODEX_BIN" --db "$DB" export >/dev/full 2>"$E2E_DIR/err" || rc=$?
FAULTS=$((FAULTS + 1))
check "export to /dev/full: exit 1 with one clear message" \
	sh -c '[ "$0" = 1 ] && [ "$(grep -c "^rolodex: " "$1")" = 1 ]' "$rc" "$E2E_DIR/err"
rc=0
"$ROLODEX_BIN" --db "$DB" list --format json >/dev/full 2>"$E2E_DIR/err" || rc=$?
check "list to /dev/full: exit 1, 'No space left on device'" \
	sh -c '[ "$0" = 1 ] && grep -q "No space left" "$1"' "$rc" "$E2E_DIR/err"

"$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/5k.vcf" >/dev/null
for format in table tsv json emails; do
	"$ROLODEX_BIN" --db "$DB" list --format "$format" 2>"$E2E_DIR/err" | head -n 1 >/dev/null
	check "list --format $format | head -1: no broken-pipe noise" [ ! -s "$E2E_DIR/err" ]
done
# Even when the parent ignores SIGPIPE (as some job runners do).
(trap '' PIPE; "$ROLODEX_BIN" --db "$DB" list 2>"$E2E_DIR/err" | head -n 1 >/dev/null)
check "list | head -1 with SIGPIPE ignored by the parent: no noise" [ ! -s "$E2E_DIR/err" ]
"$ROLODEX_BIN" --db "$DB" export 2>"$E2E_DIR/err" | head -n 1 >/dev/null
check "export | head -1: no broken-pipe noise" [ ! -s "$E2E_DIR/err" ]

count "faults injected and survived" "$FAULTS"
e2e_finish
