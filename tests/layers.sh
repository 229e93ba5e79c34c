#!/bin/bash
# The layers as a checked fact: tui and cli -> review, io -> model -> util.
# Only src/model reaches SQLite (and its private headers, but for the review
# store the review layer reads); only src/tui reaches curses or the TUI's
# headers; and every C file under src/ is listed in a meson.build, so a
# renamed file breaks the build instead of dropping out of it.
cd "${ROLODEX_SOURCE_ROOT:-$(dirname "$0")/..}" || exit 1
failed=0
fail() {
	echo "layers: $*" >&2
	failed=1
}
# forbid DIRS... -- PATTERN WHAT: no line of a C file in DIRS matches PATTERN.
forbid() {
	local dirs=() pattern what hits
	while [ "$1" != "--" ]; do
		dirs+=("$1")
		shift
	done
	pattern=$2
	what=$3
	hits=$(grep -EnH "$pattern" $(find "${dirs[@]}" -name '*.[ch]' 2>/dev/null) /dev/null)
	[ -z "$hits" ] || fail "$what:"$'\n'"$hits"
}
forbid src/util src/review src/io src/cli src/tui src/main.c include -- \
	'#include <sqlite3\.h>|\bsqlite3_[a-z_]+\(' "SQLite outside src/model"
forbid src/util src/model src/review src/io src/cli include -- \
	'#include <n?cursesw?\.h>|#include <ncursesw/' "curses outside src/tui"
forbid src/util src/io src/cli src/tui src/main.c include -- \
	'#include "model/' "the model's private headers outside the model"
grep -EnH '#include "model/' src/review/*.[ch] | grep -v '"model/review_store.h"' |
	while read -r line; do fail "the review layer reads only model/review_store.h: $line"; done
forbid src/util src/model -- '#include "(review|io|cli|tui)/|#include "rolodex/(review|tui|import|export|vcard|csv)\.h"' \
	"util and model reach up a layer"
forbid src/review src/io -- '#include "(cli|tui)/|#include "rolodex/tui\.h"' "review and io reach up a layer"
forbid src/cli -- '#include "tui/|#include "rolodex/tui\.h"' "the cli layer reaches the TUI"
forbid include -- '#include "(model|io|cli|tui|review)/' "a public header includes a private one"
# Every C file under src/ is named in a meson.build.
for f in $(find src -name '*.c'); do
	base=$(basename "$f")
	dir=$(dirname "$f")
	grep -qE "['/]$base'" "$dir/meson.build" meson.build 2>/dev/null || fail "$f is in no meson.build"
done
exit $failed
