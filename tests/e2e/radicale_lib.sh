# tests/e2e/radicale_lib.sh - a private Radicale (CardDAV and CalDAV) for
# the sync tests; sourced, not run.
#
# radicale_start: starts Radicale on 127.0.0.1 at a free port, without
# authentication, with its storage in $T/radicale, and waits until it
# answers; sets PORT and RADICALE_PID.  It dies with the shell that started
# it (parent-death signal), and radicale_stop ends it; call that from the
# EXIT trap.  Create collections under $T/radicale/collection-root/USER/
# before or after starting (see radicale_collection).
# Returns non-zero when it did not start after three ports.

RADICALE_PID=
n=0
failed=0

# check WHAT COMMAND...: one TAP line; passes when COMMAND succeeds, and
# shows its output when it does not.
check() {
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

# bail WHY: a failed check that ends the test, with Radicale's last words.
bail() {
	echo "not ok $((n + 1)) - $1"
	[ -f "$T/radicale.log" ] && sed 's/^/#   /' "$T/radicale.log" | tail -20
	exit 1
}

# radicale_need_tools: bails unless Radicale, vdirsyncer and the tools
# this library uses are installed.
radicale_need_tools() {
	local tool
	for tool in radicale vdirsyncer curl python3 setpriv; do
		command -v "$tool" >/dev/null || bail "$tool is not installed (scripts/lib.sh installs it)"
	done
}

# radicale_collection USER NAME TAG: an address book (VADDRESSBOOK) or a
# calendar (VCALENDAR), made by writing Radicale's own properties file.
radicale_collection() {
	local dir=$T/radicale/collection-root/$1/$2
	mkdir -p "$dir"
	printf '{"D:displayname": "rolodex test", "tag": "%s"}' "$3" >"$dir/.Radicale.props"
}

radicale_try() {
	PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$T/radicale.conf" <<CONF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = none
[rights]
type = authenticated
[storage]
filesystem_folder = $T/radicale
[web]
type = none
[logging]
level = warning
CONF
	setpriv --pdeathsig TERM radicale -C "$T/radicale.conf" >"$T/radicale.log" 2>&1 &
	RADICALE_PID=$!
	local i
	for i in $(seq 100); do
		kill -0 "$RADICALE_PID" 2>/dev/null || return 1
		[ "$(curl -s -o /dev/null -w '%{http_code}' -u rdx:x -X PROPFIND -H 'Depth: 0' \
			"http://127.0.0.1:$PORT/rdx/")" = 207 ] && return 0
		sleep 0.1
	done
	return 1
}

radicale_stop() {
	if [ -n "$RADICALE_PID" ]; then
		kill "$RADICALE_PID" 2>/dev/null
		wait "$RADICALE_PID" 2>/dev/null
		RADICALE_PID=
	fi
}

radicale_start() {
	local attempt
	# The port picked can be taken by someone else before Radicale binds it.
	for attempt in 1 2 3; do
		radicale_try && return 0
		radicale_stop
	done
	return 1
}
