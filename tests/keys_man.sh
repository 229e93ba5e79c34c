#!/bin/bash
# The man page's KEYS section says what the keymap tables say: every binding
# of every table (keys-man --list, the tables the program dispatches on and
# `?` lists) is in the built page, formatted, under its table's title, with
# the same key names and help text; groff formats the page without a warning;
# and every table in src/tui/keymap.c is one that keys-man lists, none kept
# private in a view's file.
#   keys_man.sh KEYS_MAN BUILT_PAGE
keys_man=$(realpath "$1")
page=$(realpath "$2")
cd "${ROLODEX_SOURCE_ROOT:-$(dirname "$0")/..}" || exit 1
failed=0
fail() {
	echo "keys_man: $*" >&2
	failed=1
}

command -v groff >/dev/null || { echo "keys_man: groff is not installed (scripts/lib.sh installs groff-base)" >&2; exit 1; }

# Tables outside keymap.c would be out of keymap_all's reach.
private=$(grep -EnH 'struct keybinding [a-z_]+\[\]' src/tui/*.c | grep -v '^src/tui/keymap\.c:')
[ -z "$private" ] || fail "keymap tables outside src/tui/keymap.c (move them there, into keymap_all):"$'\n'"$private"

list=$("$keys_man" --list) || fail "keys-man --list failed"
defined=$(grep -cE '^const struct keymap keymap_[a-z_]+ = \{' src/tui/keymap.c)
listed=$(cut -f1 <<<"$list" | sort -u | wc -l)
[ "$defined" -eq "$listed" ] ||
	fail "src/tui/keymap.c defines $defined keymaps but keymap_all lists $listed (titles must differ too)"

# Wide lines, so no description is broken; plain text, no hyphenation.
warnings=$(groff -man -Tutf8 -P-cbou -ww -rLL=1000n -rHY=0 -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff warns about $page:"$'\n'"$warnings"
formatted=$(groff -man -Tutf8 -P-cbou -rLL=1000n -rHY=0 "$page" 2>/dev/null)
grep -q '^KEYS$' <<<"$formatted" || fail "$page has no KEYS section"

# Each binding, "keys<TAB>help", must be a line of its table's subsection
# (a heading indented by three spaces) once the subsection's text is taken
# as single-spaced words: "... ←, h, Backspace previous card ...".
missing=$(awk -F'\t' '
	FNR == NR {
		if ($1 == "") next
		if ($3 == "") { print $1 ": the binding of \"" $2 "\" has no help text"; next }
		keys = $2; gsub(/ /, ", ", keys)
		want[++n] = keys " " $3; gsub(/  +/, " ", want[n]); title[n] = $1
		next
	}
	/^   [^ ]/ { current = substr($0, 4); seen[current] = 1; next }
	/^[^ ]/ { current = ""; next }
	current != "" { line = $0; gsub(/ +/, " ", line); sub(/^ /, "", line); text[current] = text[current] " " line }
	END {
		for (i = 1; i <= n; i++) {
			if (!(title[i] in seen))
				print "no subsection \"" title[i] "\""
			else if (index(text[title[i]] " ", " " want[i] " ") == 0)
				print "\"" title[i] "\": no line \"" want[i] "\""
		}
	}' <(printf '%s\n' "$list") <(printf '%s\n' "$formatted"))
[ -z "$missing" ] || fail "$page lacks what the keymap tables say:"$'\n'"$missing"
exit $failed
