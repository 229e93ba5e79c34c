#!/bin/bash
# tests/e2e/calendar_radicale.sh - the calendar reaches a CalDAV server:
# `rolodex calendar --vdir` writes the events, vdirsyncer pushes them to a
# Radicale calendar and pulls them back into a second vdir, where they are
# the same events; a second run after one card changed makes vdirsyncer
# upload exactly one event, and one after a card was trashed makes it
# delete exactly that card's event; a last run changes nothing.
#
# Radicale runs as in sync_radicale.sh (radicale_lib.sh).  Radicale,
# vdirsyncer and python3-icalendar are Debian packages (scripts/lib.sh
# TEST_PACKAGES); a missing one fails the test.  TAP output.
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
PY=/usr/bin/python3

radicale_need_tools
"$PY" -c 'import icalendar' 2>/dev/null || bail "python3-icalendar is not installed (scripts/lib.sh installs it)"

radicale_collection rdx reminders VCALENDAR
radicale_start || bail "Radicale did not start"
echo "# Radicale $(radicale --version) on 127.0.0.1:$PORT, $(vdirsyncer --version)"

# Two vdirs: A, which rolodex writes, and B, a second device reading the
# server.
for side in A B; do
	mkdir -p "$T/vdir$side"
	cat >"$T/vdirsyncer$side.conf" <<CONF
[general]
status_path = "$T/status$side/"

[pair reminders]
a = "local"
b = "server"
collections = null

[storage local]
type = "filesystem"
path = "$T/vdir$side/"
fileext = ".ics"

[storage server]
type = "caldav"
url = "http://127.0.0.1:$PORT/rdx/reminders/"
username = "rdx"
password = "unused"
CONF
	vdirsyncer -c "$T/vdirsyncer$side.conf" discover </dev/null >"$T/discover.log" 2>&1 ||
		{ cat "$T/discover.log" >"$T/radicale.log"; bail "vdirsyncer discover ($side) failed"; }
done
vsync() { # vsync SIDE: vdir <-> server; the log in $T/sync$SIDE.log
	vdirsyncer -c "$T/vdirsyncer$1.conf" sync </dev/null >"$T/sync$1.log" 2>&1 || { cat "$T/sync$1.log"; false; }
}
rdx() { "$BIN" --db "$T/r.db" "$@" </dev/null; }
# events DIR: "UID SUMMARY" of every event in the folder's files, sorted.
events() {
	"$PY" - "$1" <<'PY'
import glob, sys, icalendar
rows = []
for path in glob.glob(sys.argv[1] + "/*.ics"):
    for ev in icalendar.Calendar.from_ical(open(path, "rb").read()).walk("VEVENT"):
        rows.append("%s %s %s" % (ev["UID"], ev["DTSTART"].dt.isoformat(), ev["SUMMARY"]))
print("\n".join(sorted(rows)))
PY
}
# uploads SIDE: how many items the last sync sent to the server.
uploads() { grep -c "^Copying (uploading\|^Copying (updating" "$T/sync$1.log"; }
# The checks run their commands in bash -c.
export -f events vsync uploads
export T PY

{
	rdx add "Ada Lovelace" --birthday 1989-12-10 --cadence 3m
	rdx contacted Ada --via coffee --date 2026-08-02
	rdx add "Grace Hopper" --birthday --12-09 --cadence 1m
	rdx contacted Grace --via lunch --date 2026-11-10
	rdx add "Leap Year" --birthday 1992-02-29
	rdx add "Katherine Johnson" --cadence 6m
	rdx contacted Katherine --via call --date 2026-06-01
	rdx add "王小明" --cadence 2w
} >"$T/setup.log" 2>&1 || bail "adding cards failed"

check "rolodex writes the vdir" rdx calendar --vdir "$T/vdirA"
check "vdirsyncer pushes it to Radicale" vsync A
check "every event is uploaded" bash -c '[ "$(grep -c "^Copying (uploading" "$1")" -eq "$(ls "$2"/*.ics | wc -l)" ]' \
	_ "$T/syncA.log" "$T/vdirA"
check "a second device pulls them from Radicale" vsync B
check "and has the same events" bash -c 'diff -u <(events "$1") <(events "$2") && [ -n "$(events "$1")" ]' \
	_ "$T/vdirA" "$T/vdirB"

check "a run with nothing changed" rdx calendar --vdir "$T/vdirA"
check "uploads nothing" bash -c 'vsync A && [ "$(uploads A)" -eq 0 ] || { cat "$T/syncA.log"; false; }'

rdx edit Katherine --set cadence=3m >/dev/null || bail "editing a card failed"
check "a run after one card changed" rdx calendar --vdir "$T/vdirA"
check "makes vdirsyncer upload exactly one event" bash -c '
	vsync A && [ "$(uploads A)" -eq 1 ] && grep -q "^Copying (updating) item rolodex-due-" "$T/syncA.log" &&
	! grep -q "^Deleting" "$T/syncA.log" || { cat "$T/syncA.log"; false; }'
check "the second device gets the change" bash -c '
	vsync B && diff -u <(events "$1") <(events "$2") && events "$2" | grep -q "Katherine Johnson (every 3 months"' \
	_ "$T/vdirA" "$T/vdirB"

rdx delete "王小明" >/dev/null || bail "trashing a card failed"
check "a run after a card went to the trash" rdx calendar --vdir "$T/vdirA"
check "makes vdirsyncer delete exactly its event" bash -c '
	vsync A && [ "$(uploads A)" -eq 0 ] && [ "$(grep -c "^Deleting" "$T/syncA.log")" -eq 1 ] ||
	{ cat "$T/syncA.log"; false; }'
check "the second device loses it too" bash -c '
	vsync B && diff -u <(events "$1") <(events "$2") && ! events "$2" | grep -q "王小明"' _ "$T/vdirA" "$T/vdirB"

echo "1..$n"
[ "$failed" -eq 0 ]
