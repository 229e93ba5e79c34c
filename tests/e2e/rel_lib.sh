# rel_lib.sh - shared helpers for the reliability tests (tests/e2e/rel_*.sh).
#
# Each rel_ script tries to break one family of promises from PRODUCT.md
# ("Promises") and prints one "ok N - ..." / "not ok N - ..." line per check
# plus "# count: ..." lines (kills survived, faults injected, bad inputs
# tried) that the closing report quotes.  The tmux harness of lib.sh is
# sourced too, for the tests that drive the full-screen interface.
#
# RELIABILITY_SCALE (default 1) multiplies the random counts: CI runs the
# modest default, RELIABILITY_SCALE=5 runs the full counts of issue 7
# (e.g. 100 random kills instead of 20).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REL_PYTHON=$(command -v /usr/bin/python3 || command -v python3)
REL_SCALE=${RELIABILITY_SCALE:-1}
case "$REL_SCALE" in
'' | *[!0-9]*) REL_SCALE=1 ;;
esac
[ "$REL_SCALE" -ge 1 ] || REL_SCALE=1

# Under AddressSanitizer (the second CI run) every process is about ten
# times slower: the slowest loops run fewer rounds there (REL_ASAN=1).
REL_ASAN=0
if ldd "$ROLODEX_BIN" 2>/dev/null | grep -q libasan; then
	REL_ASAN=1
fi

# The lib.sh check dumps the tmux screen on failure; most reliability
# checks run without tmux, so only dump it when a server is up.
check()
{
	local what=$1
	shift
	E2E_TESTS=$((E2E_TESTS + 1))
	if "$@"; then
		echo "ok $E2E_TESTS - $what"
	else
		echo "not ok $E2E_TESTS - $what"
		E2E_FAILED=$((E2E_FAILED + 1))
		if tmux -L "$E2E_SERVER" has-session 2>/dev/null; then
			echo "# screen:"
			screen | sed 's/^/# |/'
		fi
	fi
}

# note TEXT: a diagnostic line (TAP comment).
note()
{
	echo "# $*"
}

# count NAME VALUE: a measured count, quoted in the report.
count()
{
	echo "# count: $1 = $2"
}

# SQL checks go through the sqlite3 shell when there is one (fast), else
# python3's sqlite3 module; either way independent of rolodex's own code.
# A read-write connection, so a hot journal left by a kill is rolled back
# as the next rolodex would.
if command -v sqlite3 >/dev/null 2>&1; then
	sql()
	{
		sqlite3 -batch -noheader -list "$1" "$2"
	}
else
	sql()
	{
		"$REL_PYTHON" - "$1" "$2" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
EOF
	}
fi

# integrity_ok DB: PRAGMA integrity_check says "ok".
integrity_ok()
{
	local out
	out=$(sql "$1" "PRAGMA integrity_check" 2>&1)
	[ "$out" = ok ] || { note "integrity_check($1): $(head -c 300 <<<"$out")"; return 1; }
}

# live_cards DB: number of cards not in the trash.
live_cards()
{
	sql "$1" "SELECT count(*) FROM card WHERE trashed_at IS NULL"
}

# sha FILE: the file's sha256 (or "missing").
sha()
{
	if [ -e "$1" ]; then
		sha256sum <"$1" | cut -d' ' -f1
	else
		echo missing
	fi
}

# random_between LO HI: a random integer in [LO, HI].
random_between()
{
	echo $(($1 + RANDOM % ($2 - $1 + 1)))
}

# gen_vcards FILE N [PREFIX]: N distinct vCard 3.0 cards.
gen_vcards()
{
	"$REL_PYTHON" - "$1" "$2" "${3:-Person}" <<'EOF'
import sys
path, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w", newline="") as f:
    for i in range(n):
        f.write("BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"UID:{prefix.lower()}-{i:06d}\r\nFN:{prefix} {i:06d}\r\n"
                f"N:{i:06d};{prefix};;;\r\nEMAIL;TYPE=work:{prefix.lower()}{i}@example.org\r\n"
                f"ORG:Org {i % 97}\r\nNOTE:note for {prefix} {i} about the engine\r\n"
                "END:VCARD\r\n")
EOF
}

# as_nobody CMD...: runs CMD without root's powers (permission promises
# mean nothing to root).
as_nobody()
{
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# rel_setup: the e2e sandbox, plus a folder nobody can write to for the
# tests that drop privileges.
rel_setup()
{
	e2e_setup
	chmod 0777 "$E2E_DIR" "$E2E_DIR/tmp"
	note "RELIABILITY_SCALE=$REL_SCALE$([ "$REL_ASAN" = 1 ] && echo ", AddressSanitizer build: fewer rounds of the slowest loops")"
}
