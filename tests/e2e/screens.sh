#!/bin/bash
# screens.sh - every view at 80x24, 120x40 and 200x50, a narrow card and
# help, the list pane in each order, and the too-small screen, compared with the golden captures in tests/e2e/screens/ (lib.sh's
# golden).  The demo cards plus one likely duplicate of Ada, a fixed today
# (lib.sh), no animation: nothing on these screens depends on the clock.
# scripts/update-screens writes the golden files again; a golden file
# changes only in a commit that says why.
. "$(dirname "$0")/lib.sh"
e2e_setup
printf 'animation = off\n' >"$XDG_CONFIG_HOME/rolodex/config"
ROOT="${ROLODEX_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
export ROLODEX_ASSETS="$ROOT/assets"

# The rolodex every size starts from (each size gets a fresh copy: the
# review it opens is saved in the database).
BASE="$E2E_DIR/base.db"
"$ROLODEX_BIN" --db "$BASE" import "$ROOT/assets/demo.vcf" >/dev/null &&
	"$ROLODEX_BIN" --db "$BASE" add "Ada King" --email ada@example.org --org "Analytical Engines" >/dev/null ||
	{ echo "not ok 1 - seeding the demo cards"; exit 1; }

# shot NAME TEXT: waits for TEXT, then compares the screen with NAME's
# golden file.
shot()
{
	wait_for "$2" || echo "# waited in vain for: $2"
	check_screen "$1"
}

for size in 80x24 120x40 200x50; do
	cols=${size%x*}
	rows=${size#*x}
	cp "$BASE" "$DB"
	start_rolodex "$cols" "$rows"
	shot "browser-$size" "r starts your first review"
	keys Tab
	shot "browser-tab-$size" "of 41"
	keys Tab
	keys /
	type_text "ada"
	shot "search-$size" "of 2"
	keys Escape
	keys f
	shot "filter-$size" "the trash"
	keys Escape
	keys '?'
	shot "help-$size" "Keys ·"
	keys Escape
	keys i
	shot "timeline-$size" "Timeline ·"
	keys Escape
	keys b
	shot "birthdays-$size" "Birthdays ·"
	keys Escape
	keys =
	shot "duplicates-$size" "Likely duplicates"
	keys Enter
	shot "merge-question-$size" "(y/n)"
	keys n
	keys Escape
	keys y
	shot "addresses-$size" "addresses"
	keys Escape
	keys a
	shot "form-add-$size" "Full name"
	keys Escape
	keys e
	shot "form-edit-$size" "Full name"
	keys Escape
	keys n
	shot "note-$size" "^S saves"
	keys Escape
	keys c
	shot "contacted-$size" "How? One key"
	keys Escape
	keys m
	shot "marked-$size" "1 marked"
	keys Escape
	keys r
	shot "review-$size" "Review · 1 of"
	keys r
	shot "review-rhythm-$size" "Keep in touch"
	keys Escape
	keys q
	wait_for "r resumes it"
	keys t
	shot "tags-$size" "Enter shows a tag's cards"
	keys j j r C-u
	type_text "1m"
	keys Enter
	shot "tags-rhythm-$size" "Rhythm of close"
	keys Escape
	keys q
	check "quits at $size" terminal_restored

	rm -f "$DB"
	start_rolodex "$cols" "$rows"
	shot "welcome-$size" "Welcome to rolodex"
	keys q
	start_rolodex "$cols" "$rows" review
	shot "review-empty-$size" "There are no cards"
	keys q
	wait_for "Welcome to rolodex"
	keys q
	check "quits the empty review at $size" terminal_restored
done

# The list pane sorted by last contacted and by due date (o), its columns
# as wide as their content, at each size (at 80 columns it replaces the
# card: Tab shows it).
for size in 80x24 120x40 200x50; do
	cols=${size%x*}
	rows=${size#*x}
	cp "$BASE" "$DB"
	start_rolodex "$cols" "$rows"
	wait_for "of 41"
	[ "$cols" -lt 120 ] && keys Tab
	wait_for "organization"
	keys o
	shot "list-last-$size" "sorted by last contacted"
	keys o
	shot "list-due-$size" "sorted by due date"
	keys q
	check "quits the sorted list at $size" terminal_restored
done

# Narrow: a card whose tags wrap and whose content scrolls (its border
# says "↓ more"), and help whose keys and descriptions wrap.
cp "$BASE" "$DB"
start_rolodex 30 16
keys /
type_text "grace"
keys Enter
shot "card-30x16" '"grace"'
keys Escape
start_rolodex 50 20
keys '?'
shot "help-50x20" "Keys ·"
keys Escape
keys q
check "quits at 50x20" terminal_restored

start_rolodex 20 5
shot "too-small-20x5" "too small"
keys q
check "quits at 20x5" terminal_restored

e2e_finish
