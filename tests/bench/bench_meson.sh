#!/usr/bin/env bash
# bench_meson.sh WHAT - the rolodex-only benchmarks `meson test --benchmark`
# runs, on a 10k data set generated into the build tree (kept between
# runs).  WHAT: model (flip and search-keystroke latency), cli (query,
# show, list, export, import with peak RSS), paint (first paint in tmux).
# scripts/bench is the full run with the peers and all sizes.
set -euo pipefail
what=$1
data=${MESON_BUILD_ROOT:-$PWD}/bench-data-10k
mkdir -p "$data"
if [ ! -f "$data/info" ] || [ "$GEN_ROLODEX" -nt "$data/info" ]; then
	"$GEN_ROLODEX" -n 10k --db "$data/r.db" --vcf "$data/r.vcf" --info "$data/info.tmp"
	mv "$data/info.tmp" "$data/info"
fi
# key=value lines; values may hold spaces (names).
info() { sed -n "s/^$1=//p" "$data/info"; }
cards=$(info cards) emails=$(info emails) notes=$(info notes) touches=$(info touches)
birthdays=$(info birthdays) query=$(info query) first_name=$(info first_name) show_id=$(info show_id)
R=$ROLODEX_BIN
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
timed() { # NAME RUNS CMD... - median ms and max RSS of RUNS runs
	local name=$1 runs=$2 k out
	shift 2
	out=$(for ((k = 0; k < runs; k++)); do "$BENCH_RUN" -- "$@"; done)
	echo "$name: $(echo "$out" | awk '{ print $1 }' | median) ms, $(echo "$out" | awk '{ print $2 }' | sort -n | tail -n 1) KiB"
}
case $what in
model)
	"$BENCH_MODEL" "$data/r.db" "$query" 1000
	;;
cli)
	"$R" --db "$data/r.db" list --format tsv >/dev/null # daily quick check
	timed query 11 "$R" --db "$data/r.db" query "$query"
	timed show 11 "$R" --db "$data/r.db" show "$show_id"
	timed list-tsv 5 "$R" --db "$data/r.db" list --format tsv
	timed export 3 "$R" --db "$data/r.db" export -o "$data/export.vcf"
	rm -f "$data/import.db"
	timed import 1 "$R" --db "$data/import.db" import "$data/r.vcf"
	;;
paint)
	out=$(for k in 1 2 3 4 5; do "$PAINT_TIME" "$STAMP_EXEC" "$first_name" q 30 -- "$R" --db "$data/r.db"; done)
	echo "first paint: $(echo "$out" | awk '{ print $1 }' | median) ms, $(echo "$out" | awk '{ print $2 }' | sort -n | tail -n 1) KiB"
	;;
esac
