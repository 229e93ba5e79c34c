#!/usr/bin/env bash
# rel_files.sh - broken and foreign database files, read-only files and
# folders, a crash in the middle of a migration, and how exports write
# their files (temporary file and rename, no overwrite without --force, no
# following a planted symlink, an interrupted export never truncates).
source "$(dirname "$0")/rel_lib.sh"
rel_setup

BAD_INPUTS=0
KILLS=0

GOOD="$E2E_DIR/good.db"
"$ROLODEX_BIN" --db "$GOOD" add "Ada Lovelace" --email ada@example.org >/dev/null
gen_vcards "$E2E_DIR/2k.vcf" 2000
"$ROLODEX_BIN" --db "$GOOD" import "$E2E_DIR/2k.vcf" >/dev/null

# ---- broken and foreign files ---------------------------------------------------
B="$E2E_DIR/bad"
mkdir -p "$B"
yes "hello world, not a database" | head -c 20000 >"$B/text.db"
head -c 65536 /dev/zero >"$B/zeros.db"
# The damaged copies come from a file whose daily quick_check has not run
# today, as on the first use of a day; damage arising after a passed check
# is found by the next day's check or by the first read of the page.
DAMAGED="$E2E_DIR/damaged-source.db"
cp "$GOOD" "$DAMAGED"
sql "$DAMAGED" "DELETE FROM meta WHERE key = 'quick_check_passed_on'"
cp "$DAMAGED" "$B/truncated.db"
truncate -s $(($(stat -c %s "$GOOD") / 2)) "$B/truncated.db"
cp "$GOOD" "$B/header.db"
printf 'SQLite format 2\0' | dd of="$B/header.db" conv=notrunc 2>/dev/null
cp "$GOOD" "$B/pagesize.db"
printf '\000\003' | dd of="$B/pagesize.db" bs=1 seek=16 conv=notrunc 2>/dev/null
cp "$DAMAGED" "$B/btree.db"
# Damage a b-tree page: the root page of the card table, which every
# reading of cards goes through (deterministic, unlike a random page).
root=$(sql "$DAMAGED" "SELECT rootpage FROM sqlite_schema WHERE name = 'card'")
page_size=$(sql "$DAMAGED" "PRAGMA page_size")
head -c "$page_size" /dev/zero | tr '\0' 'A' | dd of="$B/btree.db" bs="$page_size" seek=$((root - 1)) conv=notrunc 2>/dev/null
sql "$B/foreign.db" "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, 'https://example.org');"
cp "$GOOD" "$B/newer.db"
sql "$B/newer.db" "PRAGMA user_version = 99"

bad_files=0
for f in "$B"/*.db; do
	name=$(basename "$f")
	for cmd in "list" "add Intruder" "show Ada" "export" "check"; do
		before=$(sha "$f")
		rc=0
		# shellcheck disable=SC2086
		timeout 10 "$ROLODEX_BIN" --db "$f" $cmd >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
		BAD_INPUTS=$((BAD_INPUTS + 1))
		after=$(sha "$f")
		why=""
		[ "$rc" = 1 ] || why="exit $rc"
		grep -qF "$f" "$E2E_DIR/err" || why="$why, message does not name the path: $(head -c 150 "$E2E_DIR/err")"
		[ "$before" = "$after" ] || why="$why, bytes changed"
		[ -e "$f-journal" ] && why="$why, left a journal" && rm -f "$f-journal"
		if [ -n "$why" ]; then
			bad_files=$((bad_files + 1))
			note "$name, $cmd: $why"
		fi
	done
	note "$name: $(head -n 1 "$E2E_DIR/err" | head -c 160)"
done
check "text, zeros, truncated, header- and b-tree-damaged, foreign, newer: message naming the path, exit 1, bytes unchanged" [ "$bad_files" = 0 ]
check "the newer schema is refused as newer" sh -c '"$0" --db "$1" list 2>&1 | grep -q "newer rolodex"' "$ROLODEX_BIN" "$B/newer.db"
check "the foreign file is called another application's" sh -c '"$0" --db "$1" list 2>&1 | grep -q "another application"' "$ROLODEX_BIN" "$B/foreign.db"

# ---- damage found where it is read, and by the day's first writing open -----------
# Reading commands open read-only and run no full check (it cost more than
# the command itself on a small file): damage is reported by SQLite where
# a command reads it.  The last leaf page of the card table, not its root:
# the commands read valid pages before the damaged one.
D2="$E2E_DIR/damage2"
mkdir -p "$D2"
# damage_page SRC DEST PAGE: DEST is SRC with PAGE overwritten by text.
damage_page()
{
	cp "$1" "$2"
	head -c "$page_size" /dev/zero | tr '\0' 'A' | dd of="$2" bs="$page_size" seek=$(($3 - 1)) conv=notrunc 2>/dev/null
}
leaf=$(sql "$DAMAGED" "SELECT pageno FROM dbstat WHERE name = 'card' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1")
last_id=$(sql "$DAMAGED" "SELECT max(id) FROM card")
damage_page "$DAMAGED" "$D2/leaf.db" "$leaf"
read_bad=0
for cmd in "list" "list --format tsv" "list --format json" "query person" "show $last_id" "due" "export"; do
	before=$(sha "$D2/leaf.db")
	rc=0
	# shellcheck disable=SC2086
	timeout 10 "$ROLODEX_BIN" --db "$D2/leaf.db" $cmd >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
	BAD_INPUTS=$((BAD_INPUTS + 1))
	if [ "$rc" != 1 ] || ! grep -qF "$D2/leaf.db is damaged" "$E2E_DIR/err" || [ "$before" != "$(sha "$D2/leaf.db")" ]; then
		read_bad=$((read_bad + 1))
		note "leaf page $leaf, $cmd: exit $rc: $(head -c 160 "$E2E_DIR/err")"
	fi
done
check "reading commands over a damaged card page (page $leaf) say the file is damaged, exit 1, bytes unchanged" [ "$read_bad" = 0 ]

# The last card's emails sit on the last leaf of card_field: query finds
# the card through the full-text index, then cannot read its addresses.
fields=$(sql "$DAMAGED" "SELECT pageno FROM dbstat WHERE name = 'card_field' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1")
damage_page "$DAMAGED" "$D2/fields.db" "$fields"
rc=0
"$ROLODEX_BIN" --db "$D2/fields.db" query 001999 >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "query over a damaged page of addresses says the file is damaged, not '0 addresses'" \
	sh -c '[ "$0" = 1 ] && grep -qF "$1 is damaged" "$2"' "$rc" "$D2/fields.db" "$E2E_DIR/err"

# The index of trashed cards is empty here: no live card is read through
# it, so only the full check finds its damage.
trashed=$(sql "$DAMAGED" "SELECT rootpage FROM sqlite_schema WHERE name = 'card_trashed'")
damage_page "$DAMAGED" "$D2/trashed.db" "$trashed"
before=$(sha "$D2/trashed.db")
rc=0
"$ROLODEX_BIN" --db "$D2/trashed.db" add Intruder >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "the day's first writing open checks the whole file: add refuses damage no write touches, exit 1, bytes unchanged" \
	sh -c '[ "$0" = 1 ] && grep -qF "$1 is damaged" "$2" && [ "$3" = "$4" ]' "$rc" "$D2/trashed.db" "$E2E_DIR/err" "$before" "$(sha "$D2/trashed.db")"
rc=0
"$ROLODEX_BIN" --db "$D2/trashed.db" list --trash >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "list --trash, which reads the damaged index, says the file is damaged" \
	sh -c '[ "$0" = 1 ] && grep -qF "$1 is damaged" "$2"' "$rc" "$D2/trashed.db" "$E2E_DIR/err"
rc=0
"$ROLODEX_BIN" --db "$D2/trashed.db" list >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "a reading command runs no full check: list, which never reads that page, lists the 2001 cards" \
	sh -c '[ "$0" = 0 ] && [ "$(wc -l <"$1")" = 2001 ]' "$rc" "$E2E_DIR/out"

# A large file skips the automatic daily check (it would hold up the day's
# first command for seconds); `rolodex check` still finds the damage.  The
# file is made large with a sparse tail that SQLite ignores: the header's
# page count stays valid.
cp "$D2/trashed.db" "$D2/large.db"
truncate -s 70M "$D2/large.db"
rc=0
"$ROLODEX_BIN" --db "$D2/large.db" add Visitor >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "a file over 64 MiB gets no full check on the day's first write: add succeeds" \
	sh -c '[ "$0" = 0 ] && "$1" --db "$2" show Visitor >/dev/null' "$rc" "$ROLODEX_BIN" "$D2/large.db"
rc=0
"$ROLODEX_BIN" --db "$D2/large.db" check >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
check "rolodex check still finds the damage in the large file" \
	sh -c '[ "$0" = 1 ] && grep -qF "$1" "$2"' "$rc" "$D2/large.db" "$E2E_DIR/err"

# ---- read-only file and folder (as nobody: root writes anywhere) --------------------
RO="$E2E_DIR/ro"
mkdir -p "$RO/file" "$RO/dir"
cp "$GOOD" "$RO/file/r.db"
cp "$GOOD" "$RO/dir/r.db"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$RO"
chmod 0400 "$RO/file/r.db"
chmod 0500 "$RO/dir"
chmod 0600 "$RO/dir/r.db"
for place in file dir; do
	f="$RO/$place/r.db"
	before=$(sha "$f")
	rc=0
	as_nobody "$ROLODEX_BIN" --db "$f" add Intruder >"$E2E_DIR/out" 2>"$E2E_DIR/err" || rc=$?
	BAD_INPUTS=$((BAD_INPUTS + 1))
	note "read-only $place: $(head -c 160 "$E2E_DIR/err")"
	check "read-only $place: add refused, exit 1, message names the path" \
		sh -c '[ "$0" = 1 ] && grep -qF "$1" "$2" && grep -qi "read-only\|cannot write\|permission" "$2"' "$rc" "$f" "$E2E_DIR/err"
	as_nobody "$ROLODEX_BIN" --db "$f" list --format tsv >"$E2E_DIR/out" 2>&1
	check "read-only $place: list still works" grep -q Lovelace "$E2E_DIR/out"
	check "read-only $place: bytes unchanged, no side files" sh -c '[ "$0" = "$1" ] && [ ! -e "$2-journal" ]' "$before" "$(sha "$f")" "$f"
done

# ---- a crash during a migration --------------------------------------------------
# A version-1 database: today's schema without what migrations 2 and later
# added (the review, found touches, import keys, the change journal, the
# search index's view), user_version 1.  A new migration adds its objects
# to this list.  Killing the upgrade at every sampled
# pwrite64 (the backup copy, the journal, the file) leaves either the old
# schema or the new, never a mix; the next open finishes the upgrade; the
# pre-migration copy is 0600 and holds the old version.
OLD="$E2E_DIR/v1.db"
cp "$GOOD" "$OLD"
sql "$OLD" "DROP VIEW card_fts_row; DROP TABLE journal_row; DROP TABLE journal; DROP TABLE card_import_key;
	DROP TABLE touch_source; DROP TABLE scan_seen; DROP TABLE scan_mbox; ALTER TABLE touch DROP COLUMN origin;
	DROP TABLE review_item; DROP TABLE review; PRAGMA user_version = 1;"
schema_of()
{
	sql "$1" "SELECT type || ' ' || name FROM sqlite_schema ORDER BY 1" | sha256sum | cut -d' ' -f1
}
OLD_SCHEMA=$(schema_of "$OLD")
# The version this build writes: the one a fresh file gets.
LATEST=$(sql "$GOOD" "PRAGMA user_version")
cp "$OLD" "$DB"
umask 000
"$ROLODEX_BIN" --db "$DB" list --format tsv >/dev/null 2>&1
"$ROLODEX_BIN" --db "$DB" add "Migrated" >/dev/null
umask 022
NEW_SCHEMA=$(schema_of "$DB")
check "a version-1 file is migrated to the latest version by a writing command" [ "$(sql "$DB" "PRAGMA user_version")" = "$LATEST" ]
check "the pre-migration copy exists, is 0600 even under umask 000, and is version 1" \
	sh -c '[ "$(stat -c %a "$0")" = 600 ] && [ "$(sqlite3 "$0" "PRAGMA user_version")" = 1 ]' "$DB.v1.bak"
rm -f "$DB" "$DB.v1.bak"
cp "$OLD" "$DB"
writes=$(strace -f -qq -e trace=pwrite64 -o "$E2E_DIR/trace" "$ROLODEX_BIN" --db "$DB" add "Probe" >/dev/null 2>&1; grep -c pwrite64 "$E2E_DIR/trace")
steps=$((16 * REL_SCALE))
step=$(((writes + steps - 1) / steps))
[ "$step" -ge 1 ] || step=1
mig_bad=0 mig_runs=0 saw_old=0 saw_new=0
cards=$(live_cards "$OLD")
for ((n = 1; n <= writes; n += step)); do
	rm -f "$DB" "$DB-journal" "$DB.v1.bak"
	cp "$OLD" "$DB"
	(strace -f -qq -o /dev/null -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when="$n" \
		"$ROLODEX_BIN" --db "$DB" add "Probe" >/dev/null 2>&1; :) 2>/dev/null
	mig_runs=$((mig_runs + 1))
	KILLS=$((KILLS + 1))
	integrity_ok "$DB" || { mig_bad=$((mig_bad + 1)); continue; }
	version=$(sql "$DB" "PRAGMA user_version")
	schema=$(schema_of "$DB")
	if [ "$version" = 1 ] && [ "$schema" = "$OLD_SCHEMA" ]; then
		saw_old=$((saw_old + 1))
	elif [ "$version" = "$LATEST" ] && [ "$schema" = "$NEW_SCHEMA" ]; then
		saw_new=$((saw_new + 1))
	else
		mig_bad=$((mig_bad + 1))
		note "killed at pwrite64 #$n: version $version with a mixed schema"
	fi
	if [ -e "$DB.v1.bak" ] && [ "$(stat -c %a "$DB.v1.bak")" != 600 ]; then
		mig_bad=$((mig_bad + 1))
		note "killed at pwrite64 #$n: the backup is $(stat -c %a "$DB.v1.bak")"
	fi
	# The next run finishes the job with every card.
	"$ROLODEX_BIN" --db "$DB" add "Next Run" >/dev/null 2>"$E2E_DIR/err" || {
		mig_bad=$((mig_bad + 1)); note "after a kill at #$n the next add failed: $(head -c 150 "$E2E_DIR/err")"
	}
	got=$(live_cards "$DB")
	[ "$got" -ge $((cards + 1)) ] || { mig_bad=$((mig_bad + 1)); note "after a kill at #$n: $got cards"; }
done
count "migration kills" "$mig_runs over $writes writes (old left: $saw_old, new: $saw_new)"
check "a migration killed at any write leaves old or new, never a mix, and the next run completes it" [ "$mig_bad" = 0 -a "$mig_runs" -gt 0 ]

# ---- exports ---------------------------------------------------------------------------
OUT="$E2E_DIR/export/cards.vcf"
mkdir -p "$E2E_DIR/export"
printf 'precious old export\n' >"$OUT"
old=$(sha "$OUT")
rc=0
"$ROLODEX_BIN" --db "$GOOD" export -o "$OUT" >/dev/null 2>"$E2E_DIR/err" || rc=$?
check "export -o over an existing file is refused without --force" sh -c '[ "$0" != 0 ] && [ "$1" = "$2" ]' "$rc" "$old" "$(sha "$OUT")"
check "... saying so and naming the file" grep -qF "$OUT" "$E2E_DIR/err"

# A planted symlink at the output path is not followed, with or without --force.
TARGET="$E2E_DIR/export/victim"
printf 'do not touch\n' >"$TARGET"
victim=$(sha "$TARGET")
LINK="$E2E_DIR/export/link.vcf"
ln -s "$TARGET" "$LINK"
"$ROLODEX_BIN" --db "$GOOD" export -o "$LINK" >/dev/null 2>&1
check "export -o SYMLINK: the symlink's target is untouched" [ "$(sha "$TARGET")" = "$victim" ]
"$ROLODEX_BIN" --db "$GOOD" export -o "$LINK" --force >/dev/null 2>&1
check "export -o SYMLINK --force: the target is still untouched" [ "$(sha "$TARGET")" = "$victim" ]
DANGLING="$E2E_DIR/export/dangling.vcf"
ln -s "$E2E_DIR/export/created-through-link" "$DANGLING"
"$ROLODEX_BIN" --db "$GOOD" export -o "$DANGLING" >/dev/null 2>&1
check "export -o DANGLING-SYMLINK creates nothing at its target" [ ! -e "$E2E_DIR/export/created-through-link" ]

# Interrupted exports: killed at the Nth write, or the disk full from the
# Nth write on; the existing file is the old one or the complete new one.
"$ROLODEX_BIN" --db "$GOOD" export -o "$E2E_DIR/full.vcf" >/dev/null
new=$(sha "$E2E_DIR/full.vcf")
ewrites=$(strace -f -qq -e trace=write -o "$E2E_DIR/trace" "$ROLODEX_BIN" --db "$GOOD" export -o "$E2E_DIR/probe.vcf" >/dev/null 2>&1; grep -c 'write(' "$E2E_DIR/trace")
exp_bad=0 exp_runs=0
for ((i = 1; i <= 6 * REL_SCALE; i++)); do
	n=$(random_between 1 "$ewrites")
	printf 'precious old export\n' >"$OUT"
	(strace -f -qq -o /dev/null -e trace=write -e inject=write:signal=KILL:when="$n" \
		"$ROLODEX_BIN" --db "$GOOD" export -o "$OUT" --force >/dev/null 2>&1; :) 2>/dev/null
	exp_runs=$((exp_runs + 1))
	KILLS=$((KILLS + 1))
	s=$(sha "$OUT")
	[ "$s" = "$old" ] || [ "$s" = "$new" ] || { exp_bad=$((exp_bad + 1)); note "export killed at write #$n left a partial file"; }
	printf 'precious old export\n' >"$OUT"
	rc=0
	strace -f -qq -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when="$n"+ \
		"$ROLODEX_BIN" --db "$GOOD" export -o "$OUT" --force >/dev/null 2>"$E2E_DIR/err" || rc=$?
	exp_runs=$((exp_runs + 1))
	s=$(sha "$OUT")
	if [ "$s" != "$old" ] && [ "$s" != "$new" ]; then
		exp_bad=$((exp_bad + 1)); note "export with ENOSPC from write #$n left a partial file"
	elif [ "$s" = "$old" ] && [ "$rc" = 0 ]; then
		exp_bad=$((exp_bad + 1)); note "export with ENOSPC from write #$n exited 0 without writing"
	fi
done
leftovers=$(find "$E2E_DIR/export" -newer "$E2E_DIR/full.vcf" -type f ! -name cards.vcf | grep -v -e victim | head -n 3)
check "an interrupted export never truncates the existing file ($exp_runs runs)" [ "$exp_bad" = 0 ]
[ -z "$leftovers" ] || note "temporary files left by SIGKILLed exports (nothing can remove them): $(tr '\n' ' ' <<<"$leftovers")"
check "an export to a file is 0600 even under umask 000" \
	sh -c 'umask 000; rm -f "$2"; "$0" --db "$1" export -o "$2" >/dev/null 2>&1; [ "$(stat -c %a "$2")" = 600 ]' \
	"$ROLODEX_BIN" "$GOOD" "$E2E_DIR/export/private.vcf"

count "bad inputs tried" "$BAD_INPUTS"
count "kills survived" "$KILLS"
e2e_finish
