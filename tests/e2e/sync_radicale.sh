#!/bin/bash
# tests/e2e/sync_radicale.sh - two rolodex databases converge through one
# CardDAV server: each syncs with its own vdir (`rolodex sync DIR`), and
# vdirsyncer syncs each vdir with the same Radicale address book.
#
# Radicale runs on 127.0.0.1 at a free port, without authentication, with
# its storage in the temporary folder (radicale_lib.sh); it is killed on
# every way out (EXIT trap, and the kernel's parent-death signal should
# the script itself be killed).  Checked: cards, notes and touches carried
# from A to B; a change, a new card and a deletion carried back; a card
# changed on both sides kept in both versions on both sides; a last round
# that changes nothing.  Radicale and vdirsyncer are Debian packages
# (scripts/lib.sh TEST_PACKAGES); a missing one fails the test.  TAP output.
set -u

BIN=${ROLODEX_BIN:?ROLODEX_BIN must name the rolodex binary}
T=$(mktemp -d)
. "$(dirname "$0")/radicale_lib.sh"
cleanup() {
	radicale_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
export HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config XDG_CACHE_HOME=$T/cache
export LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=2026-11-22
unset ROLODEX_DB
mkdir -p "$HOME"

radicale_need_tools

# ---- the server -------------------------------------------------------------

radicale_collection rdx contacts VADDRESSBOOK
radicale_start || bail "Radicale did not start"
echo "# Radicale $(radicale --version) on 127.0.0.1:$PORT, $(vdirsyncer --version)"

# ---- two rolodexes, two vdirs, one vdirsyncer config each ---------------

for side in A B; do
	mkdir -p "$T/vdir$side"
	cat >"$T/vdirsyncer$side.conf" <<EOF
[general]
status_path = "$T/status$side/"

[pair book]
a = "local"
b = "server"
collections = null

[storage local]
type = "filesystem"
path = "$T/vdir$side/"
fileext = ".vcf"

[storage server]
type = "carddav"
url = "http://127.0.0.1:$PORT/rdx/contacts/"
username = "rdx"
password = "unused"
EOF
	vdirsyncer -c "$T/vdirsyncer$side.conf" discover </dev/null >"$T/discover.log" 2>&1 ||
		{ cat "$T/discover.log" >"$T/radicale.log"; bail "vdirsyncer discover ($side) failed"; }
done

rdx() { # rdx SIDE ARGS...
	local side=$1
	shift
	"$BIN" --db "$T/$side.db" "$@" </dev/null
}
# round SIDE: rolodex <-> vdir, then vdir <-> server.
push() {
	rdx "$1" sync "$T/vdir$1" >>"$T/sync.log" 2>&1 &&
		vdirsyncer -c "$T/vdirsyncer$1.conf" sync >>"$T/sync.log" 2>&1
}
# pull SIDE: server -> vdir, then vdir -> rolodex.
pull() {
	vdirsyncer -c "$T/vdirsyncer$1.conf" sync >>"$T/sync.log" 2>&1 &&
		rdx "$1" sync "$T/vdir$1" >>"$T/sync.log" 2>&1
}
# judge SIDE PYTHON: the check sees cards (`list --format json` of SIDE,
# with notes and touches from `show`), by_name, and fail(why).
judge() {
	local side=$1 ids id
	ids=$(rdx "$side" list --format tsv | cut -f1)
	{
		echo "["
		local sep=
		for id in $ids; do
			printf '%s' "$sep"
			rdx "$side" show "$id" --format json
			sep=,
		done
		echo "]"
	} >"$T/cards.json"
	rdx "$side" list --trash --format tsv >"$T/trash.tsv"
	python3 -S -E - "$T/cards.json" "$T/trash.tsv" <<EOF
import json, sys
cards = json.load(open(sys.argv[1]))
trash = [l.split("\t")[1] for l in open(sys.argv[2], encoding="utf-8").read().splitlines() if l]
by_name = {}
for c in cards:
    by_name.setdefault(c["name"], []).append(c)
def fail(why):
    print(why)
    print(json.dumps([{k: c[k] for k in ("name", "title", "org", "tags", "notes", "last_contacted")} for c in cards], indent=1)[:3000])
    sys.exit(1)
$2
EOF
}

# ---- A -> server -> B ----------------------------------------------------------

{
	rdx A add "Ada Lovelace" --email ada@example.org --org "Analytical Engines" --note "Met at the Royal Society."
	rdx A add "Grace Hopper" --email grace@navy.mil --birthday --12-09 --tag navy
	rdx A contacted Ada --via coffee --date 2026-10-01 --note "engines; and looms, mostly"
	rdx A contacted Grace --via call --date 2026-11-02
	rdx A note Grace "Sent the COBOL paper."
} >"$T/setup.log" 2>&1 || bail "adding cards to A failed"

check "A syncs to the server" push A
check "B syncs from the server" pull B
check "B has A's cards with their notes and touches" judge B '
if sorted(by_name) != ["Ada Lovelace", "Grace Hopper"]: fail("names")
ada, grace = by_name["Ada Lovelace"][0], by_name["Grace Hopper"][0]
if [e["value"] for e in ada["emails"]] != ["ada@example.org"] or ada["org"] != "Analytical Engines": fail("ada")
if [n["text"] for n in ada["notes"]] != ["Met at the Royal Society."]: fail("ada notes")
if [(t["date"], t["channel"], t["note"]) for t in ada["touches"]] != [("2026-10-01", "coffee", "engines; and looms, mostly")]: fail("ada touches")
if grace["birthday"] != "--12-09" or grace["tags"] != ["navy"]: fail("grace")
if [n["text"] for n in grace["notes"]] != ["Sent the COBOL paper."]: fail("grace notes")
if grace["last_contacted"] != "2026-11-02" or grace["last_channel"] != "call": fail("grace touch")'

# ---- B -> server -> A --------------------------------------------------------------

{
	rdx B edit Grace --set title="Rear Admiral"
	rdx B note Grace "Ask about the nanosecond wire."
	rdx B add "Katherine Johnson" --email katherine@nasa.example
} >>"$T/setup.log" 2>&1 || bail "changing cards in B failed"
check "B syncs its changes to the server" push B
check "A syncs them from the server" pull A
check "A has B's change, note and new card" judge A '
if sorted(by_name) != ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]: fail("names")
grace = by_name["Grace Hopper"][0]
if grace["title"] != "Rear Admiral": fail("title")
if sorted(n["text"] for n in grace["notes"]) != ["Ask about the nanosecond wire.", "Sent the COBOL paper."]: fail("notes")
if grace["last_contacted"] != "2026-11-02": fail("touch")'

rdx A delete Katherine >>"$T/setup.log" 2>&1 || bail "deleting in A failed"
check "a deletion in A syncs to the server" push A
check "B syncs it from the server" pull B
check "B has the card in the trash" judge B '
if "Katherine Johnson" in by_name or trash != ["Katherine Johnson"]: fail("trash %r" % trash)'

# ---- changed on both sides ----------------------------------------------------

{
	rdx A edit Ada --set title=Countess
	rdx B edit Ada --set title=Mathematician
} >>"$T/setup.log" 2>&1 || bail "editing Ada on both sides failed"
check "A syncs its version first" push A
check "B meets the conflict" pull B
check "B says so" grep -q "1 conflicts" "$T/sync.log"
check "B sends both versions" push B
check "A syncs them" pull A
both='
ada = sorted((c["title"], c["tags"]) for c in by_name.get("Ada Lovelace", []))
if ada != [("Countess", ["sync-conflict"]), ("Mathematician", [])]: fail("ada versions %r" % ada)
for c in by_name["Ada Lovelace"]:
    if [n["text"] for n in c["notes"]] != ["Met at the Royal Society."] or c["last_contacted"] != "2026-10-01": fail("history")
if sorted(by_name) != ["Ada Lovelace", "Grace Hopper"]: fail("names")'
check "A keeps both versions, one tagged sync-conflict" judge A "$both"
check "B keeps the same two" judge B "$both"

# ---- nothing left to carry ------------------------------------------------------

: >"$T/sync.log"
round_all() { push A && pull B && push B && pull A; }
check "another round on both sides" round_all
check "changes nothing on either side or on the server" bash -c '
	grep -c "^synced: 0 new from the folder, 0 updated from it, 0 written to it, 0 trashed here, 0 removed there, 0 conflicts, 3 unchanged$" "$1" | grep -qx 4 &&
	! grep -E "Copying|Deleting" "$1" || { cat "$1"; false; }' _ "$T/sync.log"

echo "1..$n"
[ "$failed" -eq 0 ]
