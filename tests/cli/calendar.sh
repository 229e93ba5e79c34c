#!/bin/bash
# tests/cli/calendar.sh - `rolodex calendar` and `rolodex remind` on a
# temporary rolodex with a fixed ROLODEX_TODAY (2026-11-22):
#  - every file written parses with a strict reader (python3-icalendar)
#    and keeps RFC 5545's form (CRLF, lines of at most 75 octets, a fold
#    never inside a UTF-8 sequence, DTSTAMP, PRODID, VALUE=DATE);
#  - khal reads the vdir and lists birthdays (one with a year, a year-less
#    one, two on 29 February) and due contacts on the right days;
#  - a second --vdir run keeps the bytes and mtime of unchanged events,
#    rewrites a changed one, removes the file of a trashed card, never
#    touches a file it did not write; -o never replaces a foreign file;
#  - config keys: calendar_alarm, calendar_include_note, review_day;
#  - remind prints nothing when nothing needs attention, the digest
#    otherwise.
# khal and python3-icalendar are Debian packages (scripts/lib.sh
# TEST_PACKAGES); a missing one fails the test.  TAP output.
set -u

BIN=${ROLODEX_BIN:?ROLODEX_BIN must name the rolodex binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config XDG_CACHE_HOME=$T/cache
export LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=2026-11-22
unset ROLODEX_DB
mkdir -p "$HOME" "$XDG_CONFIG_HOME/rolodex"
DB=$T/r.db
# Debian's python3 (where python3-icalendar lives), whatever python3 is first on PATH.
PY=/usr/bin/python3

n=0
failed=0
check() { # check WHAT COMMAND... : passes when COMMAND succeeds
	local what=$1
	shift
	n=$((n + 1))
	if "$@" >"$T/why" 2>&1; then
		echo "ok $n - $what"
	else
		failed=$((failed + 1))
		echo "not ok $n - $what"
		sed 's/^/#   /' "$T/why" | head -30
	fi
}
bail() {
	echo "not ok $((n + 1)) - $1"
	exit 1
}
rdx() { "$BIN" --db "$DB" "$@" </dev/null; }
same() { # same WANT-FILE GOT-FILE
	diff -u "$1" "$2"
}

command -v khal >/dev/null || bail "khal is not installed (scripts/lib.sh installs it)"
"$PY" -c 'import icalendar' 2>/dev/null || bail "python3-icalendar is not installed (scripts/lib.sh installs it)"

# ---- an empty rolodex: nothing to remind of ------------------------------

rdx add "Quiet Person" --email quiet@example.org >/dev/null || bail "add failed"
check "remind prints nothing and exits 0 when nothing needs attention" bash -c '
	out=$("$1" --db "$2" remind </dev/null) && [ -z "$out" ]' _ "$BIN" "$DB"

# ---- the cards ----------------------------------------------------------------

long="王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明 Ünïcödé"
{
	rdx add "Ada Lovelace" --email ada@example.org --birthday 1989-12-10 --cadence 3m
	rdx contacted Ada --via coffee --date 2026-08-02 --note "talked about the engine"
	rdx note Ada "Private: her daughter's name is Anne"
	rdx add "Grace Hopper" --birthday --12-09 --cadence 1m
	rdx contacted Grace --via lunch --date 2026-11-10
	rdx add "Leap Year" --birthday 1992-02-29
	rdx add "Leap Nameless" --birthday --02-29
	rdx add "Snoozy Sam" --cadence 1m
	rdx edit Snoozy --set snooze=2026-12-01
	rdx add "Far Future" --cadence 1y
	rdx contacted Far --via call --date 2026-10-01
	rdx add "Semi; Colon, Esq. \\ back" --cadence 2w
	rdx add "$long" --birthday 1970-01-01
} >"$T/setup.log" 2>&1 || { cat "$T/setup.log"; bail "adding cards failed"; }

# ---- one file ---------------------------------------------------------------------

# strict FILE...: every file parses with python3-icalendar and keeps the
# form RFC 5545 asks for.
cat >"$T/strict.py" <<'EOF'
import sys, icalendar
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        sys.exit("%s: a line does not end in CRLF" % path)
    for line in raw.split(b"\r\n")[:-1]:
        if len(line) > 75:
            sys.exit("%s: a line of %d octets: %r" % (path, len(line), line))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            sys.exit("%s: a fold inside a UTF-8 sequence: %r" % (path, line))
        if any(b < 0x20 and b != 0x09 for b in line):
            sys.exit("%s: a control character: %r" % (path, line))
    cal = icalendar.Calendar.from_ical(raw)
    if cal.name != "VCALENDAR" or str(cal["VERSION"]) != "2.0" or "rolodex" not in str(cal["PRODID"]):
        sys.exit("%s: not a VCALENDAR 2.0 with our PRODID" % path)
    for ev in cal.walk("VEVENT"):
        if ev.errors:
            sys.exit("%s: %r" % (path, ev.errors))
        for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if key not in ev:
                sys.exit("%s: an event without %s" % (path, key))
        if ev["DTSTART"].params.get("VALUE") != "DATE":
            sys.exit("%s: DTSTART is not VALUE=DATE" % path)
        if not ev.walk("VALARM"):
            sys.exit("%s: an event without VALARM" % path)
EOF
# summaries FILE: "DTSTART SUMMARY [RRULE]" per event, sorted.
cat >"$T/summaries.py" <<'EOF'
import sys, icalendar
rows = []
for path in sys.argv[1:]:
    for ev in icalendar.Calendar.from_ical(open(path, "rb").read()).walk("VEVENT"):
        rule = ev.get("RRULE")
        rule = " " + rule.to_ical().decode() if rule else ""
        rows.append("%s %s%s" % (ev["DTSTART"].dt.isoformat(), ev["SUMMARY"], rule))
print("\n".join(sorted(rows)))
EOF

check "calendar -o writes one file" rdx calendar -o "$T/all.ics"
check "the file parses strictly and keeps RFC 5545's form" "$PY" "$T/strict.py" "$T/all.ics"
cat >"$T/want-summaries" <<EOF
1604-02-29 Birthday: Leap Nameless FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2
1604-12-09 Birthday: Grace Hopper FREQ=YEARLY
1970-01-01 Birthday: $long FREQ=YEARLY
1989-12-10 Birthday: Ada Lovelace FREQ=YEARLY
1992-02-29 Birthday: Leap Year FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2
2026-01-03 Review day: flip through your rolodex FREQ=MONTHLY;BYDAY=1SA
2026-11-22 Reach out: Ada Lovelace (every 3 months, last coffee on 2 Aug)
2026-11-22 Reach out: Semi; Colon, Esq. \\ back (every 2 weeks, never contacted)
2026-12-01 Reach out: Snoozy Sam (every month, never contacted)
2026-12-10 Birthday: Ada Lovelace (turns 37)
2026-12-10 Reach out: Grace Hopper (every month, last lunch on 10 Nov)
2027-01-01 Birthday: $long (turns 57)
2027-02-28 Birthday: Leap Year (turns 35)
EOF
check "events: yearly birthdays (the next one with its age, year-less without), due contacts on their day, the review day" \
	bash -c '"$1" "$2" "$3" >"$4" && diff -u "$5" "$4"' _ "$PY" "$T/summaries.py" "$T/all.ics" "$T/got" "$T/want-summaries"
check "a year-less birthday is marked year-less, not given an invented year" \
	grep -q "^DTSTART;VALUE=DATE;X-APPLE-OMIT-YEAR=1604:16041209" "$T/all.ics"
check "notes stay out of events by default" bash -c '! grep -q "Anne" "$1"' _ "$T/all.ics"
check "the alarm is at 9:00 on the day by default" grep -q "^TRIGGER;RELATED=START:PT9H" "$T/all.ics"
check "the birthday says the last touch and asks for a card" \
	grep -q "^DESCRIPTION:Last touch: coffee on 2 Aug. A card or a note?" "$T/all.ics"
check "a long name is folded" bash -c 'grep -c "^ " "$1" | grep -vqx 0' _ "$T/all.ics"

# ---- config ---------------------------------------------------------------------

printf 'calendar_alarm = none\ncalendar_include_note = yes\nreview_day = 15\n' >"$XDG_CONFIG_HOME/rolodex/config"
check "calendar -o replaces a file it wrote" rdx calendar -o "$T/all.ics"
check "the file still parses strictly" "$PY" -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
assert not cal.walk("VALARM"), "an alarm with calendar_alarm = none"
rules = [str(e["RRULE"].to_ical(), "ascii") for e in cal.walk("VEVENT") if "Review" in e["SUMMARY"]]
assert rules == ["FREQ=MONTHLY;BYMONTHDAY=15"], rules
notes = [e for e in cal.walk("VEVENT") if "Anne" in e["DESCRIPTION"]]
assert notes and all("Ada" in e["SUMMARY"] for e in notes), "the latest note with calendar_include_note"
' "$T/all.ics"
printf 'review_day = someday\n' >"$XDG_CONFIG_HOME/rolodex/config"
check "a bad review_day is an error naming the line" bash -c '
	! "$1" --db "$2" calendar -o "$3/x.ics" 2>"$3/err" </dev/null && grep -q "config, line 1: cannot use \"review_day = someday\"" "$3/err" &&
	[ ! -e "$3/x.ics" ]' _ "$BIN" "$DB" "$T"
printf 'review_day = last friday\ncalendar_alarm = 7:30\n' >"$XDG_CONFIG_HOME/rolodex/config"
check "review_day = last friday, calendar_alarm = 7:30" bash -c '
	"$1" --db "$2" calendar -o "$3/x.ics" </dev/null && grep -q "^RRULE:FREQ=MONTHLY;BYDAY=-1FR" "$3/x.ics" &&
	grep -q "^TRIGGER;RELATED=START:PT7H30M" "$3/x.ics"' _ "$BIN" "$DB" "$T"
rm "$XDG_CONFIG_HOME/rolodex/config"

# A big calendar (of a big rolodex) rolodex wrote is still recognised as its own.
cp "$T/all.ics" "$T/big.ics"
head -c 6000000 /dev/zero | tr '\0' x | fold -w 70 | sed 's/^/X-PADDING:/; s/$/\r/' >>"$T/big.ics"
check "-o replaces a big file rolodex wrote" bash -c '
	"$1" --db "$2" calendar -o "$3/big.ics" </dev/null && [ "$(stat -c %s "$3/big.ics")" -lt 100000 ]' _ "$BIN" "$DB" "$T"
echo "not a calendar" >"$T/mine.ics"
check "-o never replaces a file rolodex did not write" bash -c '
	! "$1" --db "$2" calendar -o "$3/mine.ics" 2>"$3/err" </dev/null && grep -q "rolodex did not write it" "$3/err" &&
	[ "$(cat "$3/mine.ics")" = "not a calendar" ]' _ "$BIN" "$DB" "$T"
check "-o or --vdir is required" bash -c '"$1" --db "$2" calendar </dev/null; [ $? -eq 2 ]' _ "$BIN" "$DB"

# ---- a vdir, read by khal ----------------------------------------------------------

V=$T/calendars/rolodex
mkdir -p "$V"
echo "BEGIN:VCALENDAR" >"$V/someone-elses.ics"
touch -d 2020-01-01 "$V/someone-elses.ics"
check "calendar --vdir writes one file per event" rdx calendar --vdir "$V"
check "10 event files (5 birthdays, 4 due, the review day), plus the one that was there" bash -c '
	[ "$(ls "$1"/*.ics | wc -l)" -eq 11 ]' _ "$V"
check "every file parses strictly" bash -c '"$1" "$2" $(ls "$3"/rolodex-*.ics)' _ "$PY" "$T/strict.py" "$V"
check "the file rolodex did not write is untouched" bash -c '
	[ "$(cat "$1")" = BEGIN:VCALENDAR ] && [ "$(stat -c %Y "$1")" = "$(date -d 2020-01-01 +%s)" ]' _ "$V/someone-elses.ics"

mkdir -p "$T/khal"
cat >"$T/khal/config" <<EOF
[calendars]
[[rolodex]]
path = $V
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = UTC
local_timezone = UTC
[sqlite]
path = $T/khal/khal.db
EOF
# khal on: the day's events as khal lists them.
khal_on() {
	timeout 120 khal -c "$T/khal/config" list --notstarted --format "{start-date} {title}" --day-format "" "$1" 1d \
		</dev/null | sed '/^$/d'
}
# The foreign file holds no event; khal warns about it and goes on.
khal_days() {
	local d
	for d in 2026-11-22 2026-12-01 2026-12-05 2026-12-09 2026-12-10 2027-02-28 2028-02-29 2029-02-28 2029-12-09; do
		khal_on "$d" 2>/dev/null
	done
}
cat >"$T/want-khal" <<EOF
2026-11-22 Reach out: Ada Lovelace (every 3 months, last coffee on 2 Aug)
2026-11-22 Reach out: Semi; Colon, Esq. \\ back (every 2 weeks, never contacted)
2026-12-01 Reach out: Snoozy Sam (every month, never contacted)
2026-12-05 Review day: flip through your rolodex
2026-12-09 Birthday: Grace Hopper
2026-12-10 Birthday: Ada Lovelace (turns 37)
2026-12-10 Reach out: Grace Hopper (every month, last lunch on 10 Nov)
2027-02-28 Birthday: Leap Nameless
2027-02-28 Birthday: Leap Year (turns 35)
2028-02-29 Birthday: Leap Nameless
2028-02-29 Birthday: Leap Year
2029-02-28 Birthday: Leap Nameless
2029-02-28 Birthday: Leap Year
2029-12-09 Birthday: Grace Hopper
EOF
khal_days >"$T/got-khal"
check "khal lists birthdays (year-less, 29 February) and due contacts on the right days" \
	diff -u "$T/want-khal" "$T/got-khal"

# ---- a second run -----------------------------------------------------------------

stamp() { # stamp DIR: name, size and mtime (ns) of each .ics
	(cd "$1" && stat -c '%n %s %.9Y' -- *.ics)
}
stamp "$V" >"$T/before"
sleep 1.1 # the file system's clock must be able to show a rewrite
check "a second run with nothing changed" rdx calendar --vdir "$V"
check "keeps every file's bytes and mtime" bash -c 'stamp() { (cd "$1" && stat -c "%n %s %.9Y" -- *.ics); }
	stamp "$1" | diff -u "$2" -' _ "$V" "$T/before"

ada_due=$(cd "$V" && grep -l "Reach out: Ada" rolodex-due-*.ics)
snoozy=$(cd "$V" && grep -l "Reach out: Snoozy" rolodex-due-*.ics)
rdx edit Ada --set cadence=1m >/dev/null && rdx delete Snoozy >/dev/null || bail "changing cards failed"
cp "$V/$ada_due" "$T/ada-before"
check "a run after one card changed and one was trashed" rdx calendar --vdir "$V"
check "rewrites the changed event only, removes the trashed card's" bash -c '
	stamp() { (cd "$1" && stat -c "%n %s %.9Y" -- *.ics); }
	stamp "$1" >"$4/after"
	diff "$2" "$4/after" | grep "^[<>]" | sort >"$4/changes"
	[ "$(grep -c "^<" "$4/changes")" -eq 2 ] && [ "$(grep -c "^>" "$4/changes")" -eq 1 ] &&
	grep -q "^< $3 " "$4/changes" && grep -q "^< $5 " "$4/changes" && grep -q "^> $3 " "$4/changes" &&
	[ ! -e "$1/$5" ] || { cat "$4/changes"; false; }' _ "$V" "$T/before" "$ada_due" "$T" "$snoozy"
check "the changed event says the new rhythm" grep -q "^SUMMARY:Reach out: Ada Lovelace (every month" "$V/$ada_due"
check "the record names only rolodex's files" bash -c '
	[ "$(wc -l <"$1/.rolodex-calendar")" -eq 9 ] && ! grep -q someone-elses "$1/.rolodex-calendar"' _ "$V"
check "the file rolodex did not write is still untouched" bash -c '
	[ "$(cat "$1")" = BEGIN:VCALENDAR ] && [ "$(stat -c %Y "$1")" = "$(date -d 2020-01-01 +%s)" ]' _ "$V/someone-elses.ics"
# The record of a big collection (100k events make a record of 6 MB; this one is 6.6 MB).
seq 1 200000 | sed 's/^/rolodex-gone-event-/; s/$/.ics/' >>"$V/.rolodex-calendar"
check "a big record is read, and its vanished events dropped from it" bash -c '
	"$1" --db "$2" calendar --vdir "$3" </dev/null && [ "$(wc -l <"$3/.rolodex-calendar")" -eq 9 ]' _ "$BIN" "$DB" "$V"
check "--no-birthdays --no-due --no-review leaves one event type at a time" bash -c '
	"$1" --db "$2" calendar --vdir "$3" --no-birthdays --no-due </dev/null &&
	[ "$(ls "$3"/rolodex-*.ics)" = "$3/rolodex-review-day.ics" ] && [ -e "$3/someone-elses.ics" ]' _ "$BIN" "$DB" "$V"
check "--days 0 keeps only what is due today" bash -c '
	"$1" --db "$2" calendar -o "$3/today.ics" --days 0 --no-birthdays --no-review </dev/null &&
	[ "$(grep -c "^SUMMARY:Reach out" "$3/today.ics")" -eq 2 ]' _ "$BIN" "$DB" "$T"

# ---- remind ------------------------------------------------------------------------

cat >"$T/want-remind" <<EOF
Reach out (2 due):
  Semi; Colon, Esq. \\ back (every 2 weeks, never contacted)
  Ada Lovelace (every month, last coffee on 2 Aug)
Birthdays in the next 30 days:
  in 2 weeks, 9 Dec: Grace Hopper
  in 2 weeks, 10 Dec: Ada Lovelace, turns 37
2 cards are due — rolodex review starts your first review
EOF
check "remind prints the digest" bash -c '"$1" --db "$2" remind --days 30 </dev/null >"$3/got-remind" &&
	diff -u "$4" "$3/got-remind"' _ "$BIN" "$DB" "$T" "$T/want-remind"
check "remind --notify without notify-send says so and prints the digest" bash -c '
	mkdir -p "$3/emptybin"; ! PATH="$3/emptybin" "$1" --db "$2" remind --notify </dev/null >"$3/out" 2>"$3/err" &&
	grep -q "notify-send was not found" "$3/err" && grep -q "^Reach out (2 due):" "$3/out"' _ "$BIN" "$DB" "$T"
mkdir -p "$T/fakebin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s"\n' "$T/notified" >"$T/fakebin/notify-send"
chmod +x "$T/fakebin/notify-send"
check "remind --notify hands the digest to notify-send and prints nothing" bash -c '
	PATH="$3/fakebin:$PATH" "$1" --db "$2" remind --notify </dev/null >"$3/out" && [ ! -s "$3/out" ] &&
	grep -qx -- "--app-name=rolodex" "$3/notified" && grep -q "^Reach out (2 due):" "$3/notified"' _ "$BIN" "$DB" "$T"

# A digest stays short: ten names, then a count.
for i in $(seq 1 12); do
	"$BIN" --db "$T/many.db" add "Person $i" --cadence 1w --birthday 1990-11-2$((2 + i % 5)) </dev/null >/dev/null
done
check "remind lists ten due contacts and ten birthdays, then counts the rest" bash -c '
	"$1" --db "$2" remind </dev/null >"$3/many" && [ "$(grep -c "Person" "$3/many")" -eq 20 ] &&
	grep -qx "  and 2 more: rolodex due" "$3/many" && grep -qx "  and 2 more: rolodex birthdays --days 7" "$3/many" ||
	{ cat "$3/many"; false; }' _ "$BIN" "$T/many.db" "$T"

echo "1..$n"
[ "$failed" -eq 0 ]
