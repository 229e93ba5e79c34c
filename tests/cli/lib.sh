# tests/cli/lib.sh - sourced by the cli test scripts: a temporary HOME, XDG
# folders and database, a locked environment (UTF-8, UTC, a fixed today that
# a script may set in CLI_TODAY before sourcing), and the TAP helpers every
# script uses.  `run` keeps the exit status in $rc and the output in
# $T/out and $T/err for the predicates below; `finish` closes the plan.

BIN=${ROLODEX_BIN:?ROLODEX_BIN must name the rolodex binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export LC_ALL=C.UTF-8 TZ=UTC ROLODEX_TODAY=${CLI_TODAY:-2026-11-22}
unset ROLODEX_DB
mkdir -p "$HOME"
DB=$T/r.db
rc=0

n=0
failed=0
check() { # check WHAT COMMAND... : passes when COMMAND succeeds
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		failed=$((failed + 1))
		echo "not ok $n - $what"
		printf '#   rc=%s\n#   stdout: %s\n#   stderr: %s\n' "$rc" "$(head -c 600 "$T/out" 2>/dev/null)" \
			"$(head -c 600 "$T/err" 2>/dev/null)"
	fi
}
# run [--db FILE] ARGS...: rolodex on $DB (or FILE) with no input.
run() {
	local db=$DB
	if [ "$1" = --db ]; then
		db=$2
		shift 2
	fi
	"$BIN" --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
# run_in INPUT ARGS...: rolodex on $DB with INPUT on standard input.
run_in() {
	local input=$1
	shift
	printf '%s' "$input" | "$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
out_is() { [ "$(cat "$T/out")" = "$1" ]; }
err_is() { [ "$(cat "$T/err")" = "$1" ]; }
has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }
# finish: the TAP plan; the script's exit status says whether all passed.
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
