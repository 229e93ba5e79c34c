#!/bin/bash
# tests/cli/scan.sh - `rolodex scan` on invented mail (tests/cli/make_mail.py
# writes it at test time), calendars and LinkedIn messages
# (tests/fixtures/scan): what becomes a touch, the decoded notes, one touch
# per card, day and channel, the same result from a Maildir++, an mbox, stdin
# and notmuch's file list, idempotency, deletion tombstones, --dry-run
# changing nothing, kill -9 leaving nothing half-done, headers-only reading
# of a 10 MB message, khal's vdir, and --unknown.  TAP output.
#
# LeakSanitizer cannot run under strace: the two commands run under it go
# without leak checks (ASAN_OPTIONS, ignored by a build without sanitizers).
# notmuch, khal, strace and sqlite3 are Debian packages (scripts/lib.sh
# TEST_PACKAGES); a missing one fails the test rather than skipping it.
set -u

. "$(dirname "$0")/lib.sh"
SRC=${ROLODEX_SOURCE_ROOT:?ROLODEX_SOURCE_ROOT must name the source tree}
FIX=$SRC/tests/fixtures/scan
# notmuch and khal keep state under the cache folder and read a config
# named in the environment: both go to the temporary home.
export XDG_CACHE_HOME=$T/cache
unset NOTMUCH_CONFIG
mkdir -p "$XDG_CONFIG_HOME"

lines() { test "$(grep -c . "$T/out")" = "$1"; }
# The found touches of a database as "date channel origin card note" lines.
touches() {
	sqlite3 -separator ' ' "${1:-$DB}" \
		"SELECT t.date, t.channel, coalesce(t.origin, 'user'), c.name, t.note FROM touch t JOIN card c ON c.id = t.card_id ORDER BY 1, 4, 2"
}

for tool in python3 sqlite3 notmuch khal strace; do
	command -v "$tool" >/dev/null || { echo "not ok 1 - $tool is not installed (scripts/lib.sh installs it)"; exit 1; }
done

python3 "$SRC/tests/cli/make_mail.py" "$T/gen" || { echo "not ok 1 - make_mail.py failed"; exit 1; }
MAIL=$T/gen/mail
ME=(--me pat@example.net)

cards() { # the same four cards in database $1
	"$BIN" --db "$1" add "Ada Lovelace" --email ada@example.org >/dev/null &&
		"$BIN" --db "$1" add "Grace Hopper" --email Grace@Example.com >/dev/null &&
		"$BIN" --db "$1" add "Charles Babbage" --email charles@example.com >/dev/null &&
		"$BIN" --db "$1" add "Yuki Tanaka" --email yuki@example.jp >/dev/null &&
		"$BIN" --db "$1" edit 1 --set url=https://linkedin.com/in/ada-lovelace-1815/ >/dev/null
}
cards "$DB" || { echo "not ok 1 - setting up the cards failed"; exit 1; }

# ---- usage ------------------------------------------------------------------

run scan --help
check "scan --help documents --files-from and --unknown" has "--files-from"
run scan
check "scan without a path is a usage error" test "$rc" = 2
run scan "$T/nowhere" "${ME[@]}"
check "a missing path is an error naming it" eval 'test "$rc" = 1 && err_has "nowhere"'
run scan "$T/gen" "${ME[@]}"
check "a folder that is no Maildir suggests --recursive" eval 'test "$rc" = 2 && err_has "recursive"'

# ---- who the user is --------------------------------------------------------

run scan "$MAIL"
check "without --me or me = scan asks and names the most frequent sender" \
	eval 'test "$rc" = 1 && err_has "pat@example.net (6 messages)" && err_has "grace@example.com (1 message)$" && test -z "$(touches)"'

# ---- --dry-run --------------------------------------------------------------

before=$(sqlite3 "$DB" .dump | md5sum)
run scan "$MAIL" --recursive "${ME[@]}" --dry-run
check "--dry-run lists what it would add" eval 'test "$rc" = 0 && has "^2026-11-03  Ada Lovelace  .*email · from mail  lunch? and 29 more$"'
cp "$T/out" "$T/dry.out"
check "--dry-run changes nothing" test "$(sqlite3 "$DB" .dump | md5sum)" = "$before"

# ---- a Maildir++ --------------------------------------------------------------

run scan "$MAIL" --recursive "${ME[@]}"
check "the scan reports what it read and added" eval 'test "$rc" = 0 && has "^read 38 messages, 0 events and 0 LinkedIn messages; 2 could not be used" && has "^added 6 touches for 4 cards$"'
check "a message without a usable Date is named and skipped" eval 'err_has "1760000004.M4.host:2,S: no usable Date" && err_has "1760000005.M5.host:2,S: no usable Date"'
touches >"$T/maildir.touches"
cat >"$T/want" <<'EOF'
2026-10-14 email mail Ada Lovelace Café et crème ☕
2026-10-15 email mail Charles Babbage Réunion à Zürich demain
2026-10-15 email mail Grace Hopper Réunion à Zürich demain
2026-10-16 email mail Yuki Tanaka お元気ですか
2026-10-21 email mail Charles Babbage the plans
2026-11-03 email mail Ada Lovelace lunch? and 29 more
EOF
check "touches: UTF-8, ISO-8859-1 and Shift_JIS subjects, a group, Bcc, Resent-To, one per day" \
	diff -u "$T/want" "$T/maildir.touches"
check "the same Message-ID in two folders counts once" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM touch_source WHERE source = 'mid:m1@example.net'")" = 1
run show 1
check "show says a touch was found in mail" has "2026-11-03  email · from mail  lunch? and 29 more"
run show 1 --format json
check "show --format json gives the origin" python3 -c '
import json, sys
card = json.load(open(sys.argv[1]))
sys.exit(not all(t["origin"] == "mail" for t in card["touches"]))' "$T/out"
dry_lines=$(grep -c '^2026' "$T/dry.out")
check "--dry-run listed exactly what was added" test "$dry_lines" = 6

# ---- idempotent ---------------------------------------------------------------

run scan "$MAIL" --recursive "${ME[@]}"
check "scanning again adds nothing" eval 'test "$rc" = 0 && has "^added 0 touches for 0 cards$"'
check "and leaves the touches as they were" diff -u "$T/maildir.touches" <(touches)
run scan "$MAIL/.Archive" "${ME[@]}"
check "the copy in another folder adds nothing either" has "^added 0 touches for 0 cards$"

# ---- tombstones ---------------------------------------------------------------

plans=$(sqlite3 "$DB" "SELECT id FROM touch WHERE note = 'the plans'")
run contacted --delete "$plans"
check "a found touch can be deleted like any other" test "$rc" = 0
run scan "$MAIL" --recursive "${ME[@]}"
check "a found touch the user deleted is not found again" eval 'has "^added 0 touches for 0 cards$" && ! touches | grep -q "the plans"'
run undo
check "undoing the deletion brings it back" eval 'touches | grep -q "the plans"'

# ---- undo: a scan is one change --------------------------------------------------

cards "$T/undo.db"
run --db "$T/undo.db" scan "$MAIL" --recursive "${ME[@]}"
run --db "$T/undo.db" undo --list
check "a scan is one change in the journal" has "6 touches found by scan"
run --db "$T/undo.db" undo
check "undo takes the whole scan back" eval 'test "$rc" = 0 && test -z "$(touches "$T/undo.db")"'
run --db "$T/undo.db" scan "$MAIL" --recursive "${ME[@]}"
check "and a scan after the undo finds the touches again" eval 'has "^added 6 touches for 4 cards$" && diff -u "$T/maildir.touches" <(touches "$T/undo.db")'

# ---- a card added later finds its old mail, from memory -----------------------

run add "Someone Else" --email else@example.biz
run scan "$MAIL" --recursive "${ME[@]}" --received
check "--received: mail from a card to the user counts" eval 'has "^added 1 touch for 1 card$" && touches | grep -q "2026-10-20 email mail Grace Hopper Re: Reunion"'

# ---- the config's me = and scan_received ----------------------------------------

cards "$T/config.db"
mkdir -p "$XDG_CONFIG_HOME/rolodex"
printf 'me = someone@example.invalid, PAT@example.net\nscan_received = yes\n' >"$XDG_CONFIG_HOME/rolodex/config"
run --db "$T/config.db" scan "$MAIL" --recursive
check "me = and scan_received = yes in the config work as --me and --received" \
	eval 'test "$rc" = 0 && has "^added 7 touches for 4 cards$" && touches "$T/config.db" | grep -q "Grace Hopper Re: Reunion"'
printf 'me = pat@example.net\nscan_received = maybe\n' >"$XDG_CONFIG_HOME/rolodex/config"
run --db "$T/config.db" scan "$MAIL" --recursive
check "a bad config value is reported and the scan still runs" \
	eval 'test "$rc" = 0 && err_has "scan_received = maybe" && has "^added 0 touches"'
rm "$XDG_CONFIG_HOME/rolodex/config"

# ---- mbox, stdin --------------------------------------------------------------

cards "$T/mbox.db"
run --db "$T/mbox.db" scan "$T/gen/sent.mbox" "${ME[@]}"
check "an mbox gives the same touches" diff -u "$T/want" <(touches "$T/mbox.db")
run --db "$T/mbox.db" scan "$T/gen/sent.mbox" "${ME[@]}"
check "an mbox scanned again adds nothing" has "^added 0 touches for 0 cards$"
printf 'From pat@example.net Mon Nov 10 08:00:00 2026\nFrom: pat@example.net\nTo: yuki@example.jp\nSubject: grown\nDate: Mon, 10 Nov 2026 08:00:00 +0000\nMessage-ID: <grown@example.net>\n\nmore\n' >>"$T/gen/sent.mbox"
ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$T/strace" "$BIN" --db "$T/mbox.db" scan "$T/gen/sent.mbox" "${ME[@]}" >"$T/out" 2>"$T/err"
rc=$?
check "an mbox that grew is read on from where it ended" eval 'has "^added 1 touch for 1 card$" && has "^read 38 messages"'

cards "$T/stdin.db"
"$BIN" --db "$T/stdin.db" scan - "${ME[@]}" <"$MAIL/.Sent/cur/1761000000.T0.host:2,S" >"$T/out" 2>"$T/err"
rc=$?
check "one message on stdin" eval 'test "$rc" = 0 && has "^added 1 touch for 1 card$"'
"$BIN" --db "$T/stdin.db" scan - "${ME[@]}" <"$T/gen/sent.mbox" >"$T/out" 2>"$T/err"
rc=$?
check "an mbox stream on stdin" eval 'test "$rc" = 0 && has "^read 38 messages" && touches "$T/stdin.db" | grep -q "lunch? and 29 more"'

# ---- notmuch ------------------------------------------------------------------

cat >"$T/notmuch-config" <<EOF
[database]
path=$MAIL
[user]
name=Pat Example
primary_email=pat@example.net
[new]
tags=
[maildir]
synchronize_flags=false
EOF
export NOTMUCH_CONFIG=$T/notmuch-config
notmuch new --quiet >/dev/null 2>&1
cards "$T/nm.db"
notmuch search --output=files '*' | "$BIN" --db "$T/nm.db" scan --files-from - "${ME[@]}" >"$T/out" 2>"$T/err"
rc=$?
check "notmuch search --output=files '*' | scan --files-from - gives the same touches" \
	eval 'test "$rc" = 0 && diff -u "$T/want" <(touches "$T/nm.db")'
unset NOTMUCH_CONFIG

# ---- a 10 MB attachment: only the header is read -------------------------------

mkdir -p "$T/big/cur" "$T/big/new" "$T/big/tmp"
{
	printf 'From: pat@example.net\nTo: yuki@example.jp\nSubject: the big file\nDate: Fri, 7 Nov 2026 10:00:00 +0000\n'
	printf 'Message-ID: <big@example.net>\nMIME-Version: 1.0\nContent-Type: application/octet-stream\n\n'
	head -c 10485760 /dev/zero | base64
} >"$T/big/cur/1762000000.B.host:2,S"
ASAN_OPTIONS=detect_leaks=0 strace -e trace=openat,read -o "$T/strace" "$BIN" --db "$DB" scan "$T/big" "${ME[@]}" >"$T/out" 2>"$T/err"
rc=$?
read_bytes=$(python3 - "$T/strace" <<'EOF'
import re, sys
fd, total = None, 0
for line in open(sys.argv[1]):
    m = re.match(r'openat\(.*1762000000\.B\.host.*\) = (\d+)', line)
    if m:
        fd = m.group(1)
        continue
    m = re.match(r'read\((\d+),.*\) = (\d+)', line)
    if m and m.group(1) == fd:
        total += int(m.group(2))
print(total)
EOF
)
check "a 10 MB message is read for its header only ($read_bytes bytes)" eval 'test "$rc" = 0 && has "^added 1 touch for 1 card$" && test "$read_bytes" -gt 0 && test "$read_bytes" -le 65536'

# ---- calendars: a file, khal's vdir ----------------------------------------------

cards "$T/cal.db"
run --db "$T/cal.db" scan "$FIX/calendar.ics"
touches "$T/cal.db" >"$T/cal.touches"
cat >"$T/want" <<'EOF'
2026-10-06 coffee calendar Ada Lovelace Coffee with Ada
2026-10-21 lunch calendar Ada Lovelace Lunch with Ada instead
2026-10-27 coffee calendar Ada Lovelace Coffee with Ada
2026-11-03 coffee calendar Ada Lovelace Coffee with Ada
2026-11-05 meeting calendar Grace Hopper Quarterly review
2026-11-10 coffee calendar Ada Lovelace Coffee with Ada
2026-11-10 call calendar Charles Babbage Phone call: engine budget
2026-11-17 coffee calendar Ada Lovelace Coffee with Ada
EOF
check "past occurrences only, EXDATE left out, an override in place of its occurrence, channels from summaries" \
	eval 'test "$rc" = 0 && diff -u "$T/want" "$T/cal.touches" && has "^read 0 messages, 5 events and 0 LinkedIn messages$"'
run --db "$T/cal.db" scan "$FIX/calendar.ics"
check "a calendar scanned again adds nothing" has "^added 0 touches for 0 cards$"

mkdir -p "$XDG_CONFIG_HOME/khal" "$T/khal/work"
cat >"$XDG_CONFIG_HOME/khal/config" <<EOF
[calendars]
[[work]]
path = $T/khal/work
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[default]
default_calendar = work
EOF
khal new -a work 2026-10-01 10:00 11:00 "Lunch alone" >/dev/null 2>"$T/khal.err" &&
	khal import --batch -a work "$FIX/calendar.ics" >/dev/null 2>>"$T/khal.err"
check "khal writes its vdir" eval 'test "$(ls "$T/khal/work" | grep -c "\.ics$")" -ge 2'
cards "$T/khal.db"
run --db "$T/khal.db" scan "$T/khal/work"
check "scanning khal's vdir finds the same touches" eval 'test "$rc" = 0 && diff -u "$T/want" <(touches "$T/khal.db")'

# ---- LinkedIn ------------------------------------------------------------------

run scan "$FIX/messages.csv"
check "LinkedIn: by profile URL, else by name; a row without a date named" \
	eval 'has "^read 0 messages, 0 events and 4 LinkedIn messages; 1 could not be used" && has "^added 2 touches for 2 cards$" && err_has "messages.csv, line 6: no usable DATE" && touches | grep -q "2026-09-30 message linkedin Ada Lovelace Engines" && touches | grep -q "2026-10-02 message linkedin Grace Hopper Hello from the navy"'
check "no message text reaches the database" eval '! sqlite3 "$DB" .dump | grep -q "never read"'

# ---- --unknown -------------------------------------------------------------------

run scan --unknown "$MAIL" --recursive "${ME[@]}" "$FIX/calendar.ics"
check "--unknown lists the addresses on no card, most first" \
	eval 'test "$rc" = 0 && lines 1 && has "^Stranger  *stranger@example.biz  *1  2026-11-05$"'

# ---- kill -9 leaves nothing half-done ----------------------------------------------

python3 - "$T/many" <<'EOF'
import os, sys
base = sys.argv[1]
for sub in ('cur', 'new', 'tmp'):
    os.makedirs(os.path.join(base, sub), exist_ok=True)
for i in range(3000):
    with open(os.path.join(base, 'cur', '17630%05d.K%d.host:2,S' % (i, i)), 'w') as f:
        f.write('From: pat@example.net\nTo: person%d@example.org\nSubject: note %d\n'
                'Date: Sat, %d Nov 2026 10:00:00 +0000\nMessage-ID: <k%d@example.net>\n\nx\n'
                % (i, i, 1 + i % 20, i))
EOF
"$BIN" --db "$T/kill.db" import - >/dev/null 2>&1 < <(python3 -c '
for i in range(3000):
    print("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nEMAIL:person%d@example.org\r\nEND:VCARD\r" % (i, i))')
whole=true
for delay in 0.05 0.1 0.2 0.3 0.5 0.8; do
	"$BIN" --db "$T/kill.db" scan "$T/many" "${ME[@]}" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay" # a random moment to kill at, not a synchronisation
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	got=$(sqlite3 "$T/kill.db" "SELECT count(*) FROM touch")
	seen=$(sqlite3 "$T/kill.db" "SELECT count(*) FROM scan_seen")
	if ! { [ "$got" = 0 ] && [ "$seen" = 0 ]; } && ! { [ "$got" = 3000 ] && [ "$seen" = 3000 ]; }; then
		whole=false
		echo "# after kill at ${delay}s: $got touches, $seen remembered"
	fi
done
check "kill -9 during a scan leaves all of it or none" $whole
run --db "$T/kill.db" scan "$T/many" "${ME[@]}"
check "and the next scan completes it" test "$(sqlite3 "$T/kill.db" "SELECT count(*) FROM touch")" = 3000

finish
