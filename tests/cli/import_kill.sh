#!/bin/bash
# tests/cli/import_kill.sh - an import is one transaction: killed with
# SIGKILL at any point (reading the file, writing the rollback journal or
# the database, deleting the journal that commits it) it leaves the
# database exactly as it was; the next command finds it so.  And undo of an
# import gives back the export and the list byte for byte.  The kills are
# placed with strace on a system call (no timing), at several points of the
# import's own writes.  TAP output.
set -u

. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP strace and sqlite3 are needed to place the kills"
	exit 77
fi

# 1,500 cards with emails, phones, tags and notes: many pages written.
python3 - "$T/cards.vcf" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:%d;Person;;;\r\n"
                "EMAIL:person%d@example.org\r\nTEL:+44 20 7946 %04d\r\nCATEGORIES:fair,batch%d\r\n"
                "NOTE:%s\r\nEND:VCARD\r\n" % (i, i, i, i, i % 7, "met at the fair " * 10))
PY
BASE=$T/base.db
"$BIN" --db "$BASE" add "Ada Lovelace" --email ada@example.org >/dev/null
"$BIN" --db "$BASE" note Ada "first note" >/dev/null
content() { sqlite3 -batch "$1" .dump | sha256sum; }
BASE_CONTENT=$(content "$BASE")

either_has() { grep -q -- "$1" "$T/out" "$T/err"; }
fresh() { rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"; cp "$BASE" "$DB"; }

# killed DESCRIPTION STRACE-ARGS... : the import killed where strace says.
killed() {
	local what=$1
	shift
	fresh
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -o /dev/null "$@" "$BIN" --db "$DB" import "$T/cards.vcf" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	check "$what: killed (exit $rc)" [ "$rc" = 137 ]
	run list --format tsv
	check "$what: the next command opens it" [ "$rc" = 0 ]
	check "$what: only the card that was there" sh -c '[ "$(wc -l <"$1")" = 1 ] && grep -q "Ada Lovelace" "$1"' _ "$T/out"
	check "$what: database exactly as before" [ "$(content "$DB")" = "$BASE_CONTENT" ]
}

# How many writes the import makes, so the kills cover its run.
fresh
strace -f -qq -e trace=pwrite64 -o "$T/trace" "$BIN" --db "$DB" import "$T/cards.vcf" >/dev/null 2>&1
writes=$(grep -c 'pwrite64(' "$T/trace")
check "the import writes (found $writes pwrite64 calls)" [ "$writes" -gt 8 ]

killed "killed while reading the file" -P "$T/cards.vcf" -e inject=read:signal=KILL:when=2
# The count may differ by a write or two from run to run; the last writes
# are covered by the kill at the journal's deletion below.
for point in 1 $((writes / 4)) $((writes / 2)) $((writes * 3 / 4)) $((writes * 9 / 10)); do
	killed "killed at write $point of $writes" -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when=$point
done
killed "killed deleting the journal (the commit)" -P "$DB-journal" -e inject=unlink:signal=KILL

# Undo of the import: the export and the list as before, byte for byte.
fresh
"$BIN" --db "$DB" export -o "$T/before.vcf" >/dev/null
run list --format tsv
cp "$T/out" "$T/before.tsv"
run import "$T/cards.vcf"
check "import: exit 0" [ "$rc" = 0 ]
run list --format tsv
check "import: 1,501 cards" [ "$(wc -l <"$T/out")" = 1501 ]
run undo
check "undo: exit 0" [ "$rc" = 0 ]
check "undo: names the import" either_has "import of 1500 cards from cards.vcf"
"$BIN" --db "$DB" export -o "$T/after.vcf" >/dev/null
check "undo: the export as before the import" cmp -s "$T/before.vcf" "$T/after.vcf"
run list --format tsv
check "undo: the list as before the import" cmp -s "$T/before.tsv" "$T/out"
run import "$T/cards.vcf"
check "the same import again after the undo: exit 0" [ "$rc" = 0 ]
run list --format tsv
check "the same import again after the undo: 1,501 cards" [ "$(wc -l <"$T/out")" = 1501 ]

finish
