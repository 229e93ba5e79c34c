#!/bin/bash
# tests/cli/import_faults.sh - a failure to write (the disk fills) or to
# read (an I/O error on the file) during an import is not a bad card: the
# import ends at once with one message naming the cause, exit 1, no
# --skip-bad hint, nothing skipped card by card, and the database exactly as
# it was, with or without --skip-bad.  --skip-bad still skips bad cards.
# Faults are injected with strace at several points.  TAP output.
set -u

. "$(dirname "$0")/lib.sh"


if ! command -v strace >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP strace and sqlite3 are needed to inject faults"
	exit 77
fi

# 1,500 cards: enough that the import writes many pages.
python3 - "$T/cards.vcf" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:%d;Person;;;\r\n"
                "EMAIL:person%d@example.org\r\nNOTE:%s\r\nEND:VCARD\r\n" % (i, i, i, "met at the fair " * 10))
PY
BASE=$T/base.db
"$BIN" --db "$BASE" add "Ada Lovelace" --email ada@example.org >/dev/null
"$BIN" --db "$BASE" note Ada "first note" >/dev/null
content() { sqlite3 -batch "$1" .dump | sha256sum; }
BASE_CONTENT=$(content "$BASE")

fresh() { rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"; cp "$BASE" "$DB"; }

# faulted DESCRIPTION STRACE-ARGS... -- IMPORT-ARGS...
faulted() {
	local what=$1
	shift
	local injection=()
	while [ "$1" != "--" ]; do
		injection+=("$1")
		shift
	done
	shift
	fresh
	# LeakSanitizer cannot run under ptrace (a sanitizer build would add
	# its "fatal error" to stderr); leaks are checked by the other tests.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -o /dev/null "${injection[@]}" "$BIN" --db "$DB" import "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	check "$what: exit 1" [ "$rc" = 1 ]
	check "$what: one message, naming the cause" \
		sh -c '[ "$(wc -l <"$1")" = 1 ] && grep -qE "^rolodex: nothing was imported: .*($2)" "$1"' _ "$T/err" "$CAUSE"
	check "$what: no --skip-bad hint, nothing skipped" sh -c '! grep -qiE "skip" "$1"' _ "$T/err"
	check "$what: nothing on stdout" [ ! -s "$T/out" ]
	check "$what: database unchanged" [ "$(content "$DB")" = "$BASE_CONTENT" ]
}

# How many pwrite64 calls the import makes, so the faults cover its run.
fresh
strace -f -qq -e trace=pwrite64 -o "$T/trace" "$BIN" --db "$DB" import "$T/cards.vcf" >/dev/null 2>&1
writes=$(grep -c 'pwrite64(' "$T/trace")
check "the import writes (found $writes pwrite64 calls)" [ "$writes" -gt 2 ]

CAUSE="disk is full"
# Points inside the transaction (the last writes may be a checkpoint after
# the commit, whose failure loses nothing).
for point in 1 $((writes / 4)) $((writes / 2)); do
	for skip in "" --skip-bad; do
		faulted "ENOSPC from write $point on${skip:+ with $skip}" \
			-e trace=pwrite64 -e inject=pwrite64:error=ENOSPC:when=$point+ -- \
			$skip "$T/cards.vcf"
	done
done

# Reading the file fails part-way (its second read).
CAUSE="Input/output error|cannot read"
for skip in "" --skip-bad; do
	faulted "EIO reading the file${skip:+ with $skip}" \
		-P "$T/cards.vcf" -e inject=read:error=EIO:when=2+ -- $skip "$T/cards.vcf"
done

# --skip-bad skips only the bad card; without it nothing is imported and
# the hint is given.
{
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n'
	printf 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Broken\r\nNOTE;ENCODING=QUOTED-PRINTABLE:bad =ZZ\r\nEND:VCARD\r\n'
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEND:VCARD\r\n'
} >"$T/bad.vcf"
fresh
"$BIN" --db "$DB" import "$T/bad.vcf" >"$T/out" 2>"$T/err"
rc=$?
check "a bad card without --skip-bad: exit 1, the hint, nothing imported" \
	sh -c '[ "$0" = 1 ] && grep -q -- "--skip-bad" "$1" && [ "$2" = "$3" ]' "$rc" "$T/err" "$(content "$DB")" "$BASE_CONTENT"
fresh
"$BIN" --db "$DB" import --skip-bad "$T/bad.vcf" >"$T/out" 2>"$T/err"
rc=$?
check "a bad card with --skip-bad: the other two come in, one skipped" \
	sh -c '[ "$0" = 0 ] && grep -q "3 read: 2 added, 0 merged, 0 unchanged, 1 skipped" "$1" && [ "$(grep -c "^skipped" "$2")" = 1 ]' \
	"$rc" "$T/out" "$T/err"

finish
