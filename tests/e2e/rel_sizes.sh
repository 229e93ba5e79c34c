#!/usr/bin/env bash
# rel_sizes.sh - sizes nobody should meet, handled or refused clearly within
# 10 s and 256 MiB of address space (prlimit --as; under AddressSanitizer,
# which reserves terabytes of address space, the limit is left off and the
# time bound relaxed): a 10 MB vCard line, a 1 MB name, a 100 MB note on
# standard input, and 100,000 cards with one name (a million with
# RELIABILITY_SCALE >= 5), in the CLI and the full-screen interface.
source "$(dirname "$0")/rel_lib.sh"
rel_setup

LIMIT_S=10
AS_BYTES=$((256 * 1024 * 1024))
ASAN=0
if ldd "$ROLODEX_BIN" 2>/dev/null | grep -q 'libasan'; then
	ASAN=1
	LIMIT_S=40
	note "AddressSanitizer build: no address-space limit, $LIMIT_S s per step"
fi
BAD_INPUTS=0

# limited OUT ERR CMD...: runs CMD within the time and memory bounds;
# sets RC (124: timed out) and MS.
limited()
{
	local out=$1 err=$2
	shift 2
	local start
	start=$(date +%s%N)
	RC=0
	if [ "$ASAN" = 1 ]; then
		timeout "$LIMIT_S" "$@" >"$out" 2>"$err" || RC=$?
	else
		timeout "$LIMIT_S" prlimit --as="$AS_BYTES" -- "$@" >"$out" 2>"$err" || RC=$?
	fi
	MS=$((($(date +%s%N) - start) / 1000000))
}

"$ROLODEX_BIN" --db "$DB" add "Ada Lovelace" >/dev/null
before=$(sql "$DB" ".dump" | sha256sum)

# ---- a 10 MB vCard line -----------------------------------------------------------
"$REL_PYTHON" - "$E2E_DIR/long.vcf" <<'EOF'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long Line\r\nNOTE:" + "x" * (10 * 1024 * 1024 + 10) + "\r\nEND:VCARD\r\n")
EOF
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/long.vcf"
BAD_INPUTS=$((BAD_INPUTS + 1))
note "10 MB line: exit $RC in $MS ms: $(head -n 1 "$E2E_DIR/err" | head -c 150)"
check "a 10 MB vCard line is refused clearly, naming file and line (exit $RC, $MS ms)" \
	sh -c '[ "$0" = 1 ] && grep -q "long.vcf:4" "$1"' "$RC" "$E2E_DIR/err"

# ---- a 1 MB name ---------------------------------------------------------------------
# (argv cannot carry 1 MB in one argument: MAX_ARG_STRLEN is 128 KiB; so
# through a vCard, a CSV file, and the largest argument the kernel allows.)
"$REL_PYTHON" - "$E2E_DIR/bigname.vcf" "$E2E_DIR/bigname.csv" <<'EOF'
import sys
name = "N" * (1024 * 1024)
with open(sys.argv[1], "w", newline="") as f:
    f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + name + "\r\nEND:VCARD\r\n")
with open(sys.argv[2], "w", newline="") as f:
    f.write("Name,Email\r\n" + name + ",big@example.org\r\n")
EOF
for f in bigname.vcf bigname.csv; do
	limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/$f"
	BAD_INPUTS=$((BAD_INPUTS + 1))
	note "1 MB name in $f: exit $RC in $MS ms: $(head -n 1 "$E2E_DIR/err" | head -c 150)"
	check "a 1 MB name in $f is refused clearly (exit $RC, $MS ms)" \
		sh -c '[ "$0" = 1 ] && grep -q "$1" "$2"' "$RC" "$f" "$E2E_DIR/err"
	check "... in a few lines, not the whole name echoed back ($(wc -c <"$E2E_DIR/err") bytes)" \
		[ "$(wc -c <"$E2E_DIR/err")" -lt 4096 ]
done
big=$(head -c 131000 /dev/zero | tr '\0' N)
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$DB" add "$big"
BAD_INPUTS=$((BAD_INPUTS + 1))
check "a 128 KiB name on the command line is refused clearly (exit $RC, $MS ms)" \
	sh -c '[ "$0" = 1 ] && grep -qi "long" "$1"' "$RC" "$E2E_DIR/err"
check "the database is unchanged by the refused sizes" [ "$(sql "$DB" ".dump" | sha256sum)" = "$before" ]

# ---- a 100 MB note on standard input ---------------------------------------------
head -c 100000000 /dev/zero | tr '\0' n >"$E2E_DIR/100m.txt"
limited "$E2E_DIR/out" "$E2E_DIR/err" sh -c 'exec "$0" --db "$1" note Ada <"$2"' "$ROLODEX_BIN" "$DB" "$E2E_DIR/100m.txt"
BAD_INPUTS=$((BAD_INPUTS + 1))
note "100 MB note: exit $RC in $MS ms: $(head -c 150 "$E2E_DIR/err")"
check "a 100 MB note is refused clearly (exit $RC, $MS ms)" sh -c '[ "$0" = 1 ] && grep -qi "longer than" "$1"' "$RC" "$E2E_DIR/err"
# The same from a pipe that never ends: refused, not read forever.
limited "$E2E_DIR/out" "$E2E_DIR/err" sh -c 'yes | exec "$0" --db "$1" note Ada' "$ROLODEX_BIN" "$DB"
check "an endless note on a pipe is refused without hanging (exit $RC, $MS ms)" [ "$RC" = 1 ]
check "no note was stored" [ "$(sql "$DB" "SELECT count(*) FROM note")" = 0 ]
rm -f "$E2E_DIR/100m.txt"

# ---- a huge rolodex where everyone has the same name -----------------------------------
N=100000
[ "$REL_SCALE" -ge 5 ] && N=1000000
BIG="$E2E_DIR/same.db"
"$ROLODEX_BIN" --db "$BIG" add "John Smith" --email john@example.org --org Acme >/dev/null
start=$(date +%s%N)
# Copies of the card rolodex wrote (same sort key, same index text), with
# their full-text rows, by SQL: building them through the CLI would take
# an hour.
sql "$BIG" "
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO card (id, uid, name, given, family, nickname, org, title, how_met, sort_key, created_at, updated_at)
SELECT i, 'same-' || i, name, given, family, nickname, org, title, how_met, sort_key, created_at, updated_at
FROM n, (SELECT * FROM card WHERE id = 1);
INSERT INTO card_field (card_id, kind, value, label, position)
SELECT c.id, f.kind, f.value, f.label, f.position FROM card c, card_field f WHERE f.card_id = 1 AND c.id > 1;
INSERT INTO card_fts (rowid, name, org, title, emails, tags, notes)
SELECT c.id, f.name, f.org, f.title, f.emails, f.tags, f.notes FROM card c, card_fts f WHERE f.rowid = 1 AND c.id > 1;
COMMIT;"
note "built $N cards named John Smith in $((($(date +%s%N) - start) / 1000000)) ms ($(($(stat -c %s "$BIG") / 1048576)) MiB)"
count "cards with one name" "$N"
check "$N cards named John Smith" [ "$(live_cards "$BIG")" = "$N" ]

limited "$E2E_DIR/out" "$E2E_DIR/err" sh -c '"$0" --db "$1" list --search john | head -n 3' "$ROLODEX_BIN" "$BIG"
check "list --search john | head -3 on $N same names ($MS ms)" sh -c '[ "$0" = 0 ] && [ "$(grep -c "John Smith" "$1")" = 3 ]' "$RC" "$E2E_DIR/out"
limited "$E2E_DIR/out" "$E2E_DIR/err" sh -c '"$0" --db "$1" list --format tsv | wc -l' "$ROLODEX_BIN" "$BIG"
check "list --format tsv streams all $N rows ($MS ms, exit $RC)" sh -c '[ "$0" = 0 ] && [ "$(cat "$1")" = "$2" ]' "$RC" "$E2E_DIR/out" "$N"
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$BIG" show "John Smith"
note "show 'John Smith': exit $RC in $MS ms, $(wc -l <"$E2E_DIR/err") lines: $(head -n 1 "$E2E_DIR/err" | head -c 120)"
check "show 'John Smith' (ambiguous among $N) answers briefly ($MS ms, $(wc -l <"$E2E_DIR/err") lines)" \
	sh -c '[ "$0" = 1 ] && [ "$(wc -l <"$1")" -le 50 ]' "$RC" "$E2E_DIR/err"
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$BIG" add "John Smith" --email another@example.org
check "add one more John Smith ($MS ms)" [ "$RC" = 0 ]
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$BIG" contacted "$(sql "$BIG" "SELECT max(id) FROM card")" --via call
check "contacted the middle of the crowd by id ($MS ms)" [ "$RC" = 0 ]
limited "$E2E_DIR/out" "$E2E_DIR/err" "$ROLODEX_BIN" --db "$BIG" due
check "due over $N cards ($MS ms, exit $RC)" [ "$RC" = 0 ]

# The full-screen interface: opens, flips to the end and back, searches.
# The status line groups thousands: 100,001.
N1=$(sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<<"$((N + 1))")
start_shell 100 30
if [ "$ASAN" = 1 ]; then
	type_line "clear; '$ROLODEX_BIN' --db '$BIG'; echo exit=\$?"
else
	type_line "clear; prlimit --as=$AS_BYTES -- '$ROLODEX_BIN' --db '$BIG'; echo exit=\$?"
fi
check "TUI: opens on $N1 same-named cards within $LIMIT_S s" wait_for "1 of $N1" "$LIMIT_S"
keys End
check "TUI: End flips to the last of $N1" wait_for "$N1 of $N1" "$LIMIT_S"
keys Home
check "TUI: Home flips back" wait_for "1 of $N1" "$LIMIT_S"
keys /
type_text "another"
keys Enter
check "TUI: a search in the crowd finds the one" wait_for "1 of 1" "$LIMIT_S"
keys q q
check "TUI: quits normally (not killed by the memory limit)" wait_for "exit=0" "$LIMIT_S"

count "bad inputs tried" "$BAD_INPUTS"
e2e_finish
