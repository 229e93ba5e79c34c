#!/usr/bin/env bash
# rel_privacy.sh - private files even under `umask 000`: the data folder
# 0700; the database, its journal (or WAL and shared-memory files), backups,
# exports and vdir exports 0600; and a card purged from the trash leaves no
# trace of its text anywhere in the database files (secure_delete, the
# full-text index, tags).
source "$(dirname "$0")/rel_lib.sh"
rel_setup

mode()
{
	stat -c %a "$1"
}

umask 000
unset ROLODEX_DB
DATA="$XDG_DATA_HOME/rolodex"
rm -rf "$XDG_DATA_HOME"
"$ROLODEX_BIN" add "First Card" >/dev/null
check "under umask 000 the data folder is created 0700 ($(mode "$DATA"))" [ "$(mode "$DATA")" = 700 ]
check "under umask 000 the database is created 0600 ($(mode "$DATA/rolodex.db"))" [ "$(mode "$DATA/rolodex.db")" = 600 ]
# A deeper default location: every folder made is private.  (A --db in a
# folder that does not exist is refused and makes none: tests/cli/honest.sh.)
XDG_DATA_HOME="$E2E_DIR/deep/er" "$ROLODEX_BIN" add "Deep" >/dev/null
check "folders made for the default location are 0700 ($(mode "$E2E_DIR/deep") $(mode "$E2E_DIR/deep/er") $(mode "$E2E_DIR/deep/er/rolodex"))" \
	[ "$(mode "$E2E_DIR/deep")" = 700 -a "$(mode "$E2E_DIR/deep/er")" = 700 -a "$(mode "$E2E_DIR/deep/er/rolodex")" = 700 ]

# The journal (or WAL) as it exists in the middle of a write: the process
# is killed at its first sync, when the side file is there.
gen_vcards "$E2E_DIR/100.vcf" 100
(strace -f -qq -o /dev/null -e trace=fsync,fdatasync -e inject=fsync,fdatasync:signal=KILL:when=1 \
	"$ROLODEX_BIN" import "$E2E_DIR/100.vcf" >/dev/null 2>&1; :) 2>/dev/null
sides=0 bad=""
for side in "$DATA/rolodex.db-journal" "$DATA/rolodex.db-wal" "$DATA/rolodex.db-shm"; do
	if [ -e "$side" ]; then
		sides=$((sides + 1))
		[ "$(mode "$side")" = 600 ] || bad="$bad $(basename "$side")=$(mode "$side")"
	fi
done
note "journal mode $("$ROLODEX_BIN" --version | sed -n 's/.*journal mode //p'); side files seen mid-write: $sides"
check "the journal/WAL files seen mid-write are 0600${bad:+ (not:$bad)}" [ "$sides" -gt 0 -a -z "$bad" ]
"$ROLODEX_BIN" list >/dev/null

"$ROLODEX_BIN" backup "$E2E_DIR/backup.db" >/dev/null
check "a backup is 0600 under umask 000 ($(mode "$E2E_DIR/backup.db"))" [ "$(mode "$E2E_DIR/backup.db")" = 600 ]
for format in vcard csv json; do
	"$ROLODEX_BIN" export --format "$format" -o "$E2E_DIR/out.$format" 2>/dev/null
	check "an export ($format) is 0600 under umask 000" [ "$(mode "$E2E_DIR/out.$format")" = 600 ]
done
"$ROLODEX_BIN" export --vdir "$E2E_DIR/vdir" >/dev/null 2>&1
vbad=$(find "$E2E_DIR/vdir" -type f ! -perm 600 | head -n 3)
check "a vdir export: folder 0700 ($(mode "$E2E_DIR/vdir")), every file 0600${vbad:+ (not: $vbad)}" \
	[ "$(mode "$E2E_DIR/vdir")" = 700 -a -z "$vbad" -a "$(find "$E2E_DIR/vdir" -type f | wc -l)" -gt 0 ]
umask 022

# ---- a purged card leaves no trace --------------------------------------------------
P="$E2E_DIR/purge.db"
for i in $(seq 1 30); do
	"$ROLODEX_BIN" --db "$P" add "Neighbour $i" --note "ordinary note $i" >/dev/null
done
"$ROLODEX_BIN" --db "$P" add "Zyxwvut Qqsecretname" --email qqsecretmail@example.org --org Qqsecretorg \
	--title Qqsecrettitle --tag qqsecrettag --phone "+1 555 987 6543" \
	--note "Qqsecretnote about the divorce and the diagnosis" >/dev/null
"$ROLODEX_BIN" --db "$P" contacted Zyxwvut --via call --note "Qqsecrettouch" >/dev/null
printf 'Qqsecondnote %s\n' "$(head -c 3000 /dev/zero | tr '\0' q)" | "$ROLODEX_BIN" --db "$P" note Zyxwvut >/dev/null
"$ROLODEX_BIN" --db "$P" edit Zyxwvut --set how_met=Qqsecrethowmet >/dev/null
SECRETS="qqsecretname qqsecretmail qqsecretorg qqsecrettitle qqsecrettag qqsecretnote qqsecrettouch qqsecondnote qqsecrethowmet zyxwvut 987.6543 divorce"
# traces FILE...: which secrets appear in the files' bytes (any case).
traces()
{
	local found="" s
	for s in $SECRETS; do
		if cat "$@" 2>/dev/null | grep -aqi -- "$s"; then
			found="$found $s"
		fi
	done
	echo "$found"
}
check "before the purge the secrets are in the file (the check can fail)" \
	[ "$(traces "$P" | wc -w)" = "$(wc -w <<<"$SECRETS")" ]
"$ROLODEX_BIN" --db "$P" delete Zyxwvut >/dev/null
"$ROLODEX_BIN" --db "$P" delete Zyxwvut --purge >/dev/null
check "the card is gone" [ "$(sql "$P" "SELECT count(*) FROM card WHERE name LIKE 'Zyxwvut%'")" = 0 ]
left=$(traces "$P" "$P-journal" "$P-wal" "$P-shm")
check "after the purge no byte of its text is left in the database files${left:+ (found:$left)}" [ -z "$left" ]
check "the neighbours are intact" [ "$(live_cards "$P")" = 30 ]
check "integrity is ok after the purge" integrity_ok "$P"

e2e_finish
