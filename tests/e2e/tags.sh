#!/bin/bash
# tags.sh - the tags screen (`t` in the browser): every tag with its card
# count and rhythm, columns as wide as their content (a CJK tag at its
# true width); r sets and clears a tag's rhythm, e renames a tag and,
# into a tag that exists, merges after a question; Enter filters the
# browser by the tag; u undoes each change.  After every step the database
# is read through the CLI (`rolodex tags --format json`, `show`), not only
# the screen.
. "$(dirname "$0")/lib.sh"
e2e_setup
printf 'animation = off\n' >"$XDG_CONFIG_HOME/rolodex/config"

check "seed cards" seed_cards
check "a CJK tag" sh -c "'$ROLODEX_BIN' --db '$DB' add 'Wang Fang' --tag 同事 --tag client >/dev/null"

# tags_is PYTHON: `rolodex tags --format json` as d, a dict name -> (cards,
# cadence), and the check given.
tags_is()
{
	"$ROLODEX_BIN" --db "$DB" tags --format json | python3 -S -E -c "import json, sys
d = {t['name']: (t['cards'], t['cadence']) for t in json.load(sys.stdin)}
assert $1, d"
}

# card_tags NAME TAGS: the card's tags as `show --format json` gives them.
card_tags()
{
	"$ROLODEX_BIN" --db "$DB" show "$1" --format json | python3 -S -E -c "import json, sys
d = json.load(sys.stdin)
assert sorted(d['tags']) == sorted('$2'.split()), d['tags']"
}

# wait_re REGEX: like wait_for, for an extended regular expression.
wait_re()
{
	local tries=$((E2E_TIMEOUT * 20))
	while [ "$tries" -gt 0 ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

check "before: four tags, no rhythm" tags_is \
	"d == {'acme-alumni': (2, None), 'client': (2, None), 'mentor': (1, None), '同事': (1, None)}"

start_rolodex 80 24
check "the browser starts" wait_for "of 7"
keys t
check "t opens the tags screen" wait_for "Tags · 4 tags"
check "headings" wait_re "│ tag +cards   rhythm"
check "a tag, its card count, no rhythm" wait_re "│ acme-alumni +2   —"
# The name column is as wide as acme-alumni (11 columns), the CJK tag
# (4 columns) padded to it, the counts right-aligned under "cards": 7 + 3
# + 4 spaces before the 1.
check "a CJK tag at its true width" wait_re "│ 同事 {14}1   —"
check "hints name the screen's keys" wait_for "Enter show cards  e rename  r rhythm"

# ---- set a rhythm ----
keys r
check "r asks for the rhythm" wait_for "acme-alumni: keep in touch every (3m, 45d, 1y, none):"
type_text "3m"
keys Enter
check "the rhythm shows" wait_re "│ acme-alumni +2   every 3 months"
check "and the status line says so" wait_for "Rhythm of acme-alumni: every 3 months"
check "db: acme-alumni every 3m" tags_is "d['acme-alumni'] == (2, '3m')"
check "db: its cards inherit it" sh -c "'$ROLODEX_BIN' --db '$DB' show Babbage --format json | grep -q '\"cadence\": *\"3m\"'"

# ---- a bad rhythm changes nothing ----
keys r C-u
type_text "soon"
keys Enter
check "a bad rhythm is refused" wait_for "not a rhythm: soon"
check "db: unchanged" tags_is "d['acme-alumni'] == (2, '3m')"

# ---- clear it ----
keys r C-u
type_text "none"
keys Enter
check "none clears the rhythm" wait_re "│ acme-alumni +2   —"
check "db: no rhythm" tags_is "d['acme-alumni'] == (2, None)"
keys u
check "u undoes the clearing" wait_re "│ acme-alumni +2   every 3 months"
check "and says what it undid" wait_for "Undid: rhythm change for the tag acme-alumni"
check "db: the rhythm is back" tags_is "d['acme-alumni'] == (2, '3m')"
keys r C-u Enter
check "an empty rhythm clears it too" wait_for "acme-alumni has no rhythm now"
check "db: no rhythm again" tags_is "d['acme-alumni'] == (2, None)"

# ---- rename ----
keys r
type_text "1m"
keys Enter
check "a rhythm to carry over" wait_re "│ acme-alumni +2   every month"
keys e
check "e asks for the new name, the old one filled in" wait_for "Rename the tag acme-alumni to: acme-alumni"
keys C-u
type_text "Acme Old Guard"
keys Enter
check "the tag is renamed (normalized as the model does)" wait_re "│ acme-old-guard +2   every month"
check "the old name is gone" wait_gone "│ acme-alumni"
check "the status line says how many cards" wait_for "Renamed acme-alumni to acme-old-guard: 2 cards retagged"
check "db: renamed, with its rhythm" tags_is \
	"'acme-alumni' not in d and d['acme-old-guard'] == (2, '1m')"
check "db: on the card" card_tags "Ada Lovelace" "acme-old-guard mentor"

# ---- merge into a tag that exists ----
keys G
check "End moves to the last tag" wait_for "同事"
keys g
keys j
keys e C-u
type_text "mentor"
keys Enter
check "no merge without asking" wait_for "mentor is already a tag. Merge client (2 cards) into mentor"
keys n
check "n renames nothing" wait_for "Nothing renamed"
check "db: client still there" tags_is "d['client'] == (2, None) and d['mentor'] == (1, None)"
keys e C-u
type_text "mentor"
keys Enter
check "asked again" wait_for "(y/n)"
keys y
check "y merges" wait_for "Merged client into mentor: 2 cards retagged"
check "client is gone from the list" wait_gone "│ client"
check "mentor has the cards of both" wait_re "│ mentor +3   —"
check "db: merged" tags_is "'client' not in d and d['mentor'] == (3, None)"
check "db: a card with both keeps one" card_tags "Wang Fang" "mentor 同事"
keys u
check "u undoes the merge" wait_re "│ client +2   —"
check "db: client is back" tags_is "d['client'] == (2, None) and d['mentor'] == (1, None)"
check "db: on the card too" card_tags "Wang Fang" "client 同事"
keys u
check "u again undoes the rename" wait_re "│ acme-alumni +2   every month"
check "db: acme-alumni is back" tags_is "'acme-old-guard' not in d and d['acme-alumni'] == (2, '1m')"
check "db: search finds the old name again" sh -c \
	"'$ROLODEX_BIN' --db '$DB' list --search tag:acme-alumni | grep -q Babbage"

# ---- filter ----
keys g
keys Enter
check "Enter shows the tag's cards in the browser" wait_for "1 of 2 · tag:acme-alumni"
check "the first of them" wait_for "Charles Babbage"
check "the tags screen is closed" wait_gone "Tags ·"
keys l
check "the filter holds: the other card of the tag" wait_for "2 of 2 · tag:acme-alumni"
check "Ada" wait_for "Ada Lovelace"
keys Escape
check "Esc clears the filter" wait_for "of 7"
keys f
check "the filter menu offers the list" wait_for "a tag from the list of tags"
keys l
check "l in the filter menu opens the tags screen" wait_for "Tags · 4 tags"

# ---- resize ----
tmux -L "$E2E_SERVER" resize-window -x 200 -y 50
check "resized: still one line per tag" wait_re "│ acme-alumni +2   every month +│"
tmux -L "$E2E_SERVER" resize-window -x 30 -y 10
check "narrow: the title keeps the count" wait_for "Tags · 4 tags ─"
check "narrow: the short rhythm, narrower gaps" wait_re "│ acme-alumni {5}2 1m +│"
tmux -L "$E2E_SERVER" resize-window -x 80 -y 24
keys Escape
check "Esc closes the screen" wait_gone "Tags ·"
keys q
check "quits" terminal_restored

# ---- a long tag ----
# A long name gives way (cut with …, at 80 columns to the 52 the other
# columns leave) before the rhythm loses its words.
rm -f "$DB"
long="the-people-from-the-analytical-engine-project-and-its-friends-ab" # 64 bytes, the most a tag takes
check "a card with a long tag" sh -c "'$ROLODEX_BIN' --db '$DB' add 'Ada Lovelace' --tag '$long' >/dev/null &&
	'$ROLODEX_BIN' --db '$DB' tag --cadence '$long' 1m"
start_rolodex 80 24
check "the browser starts (a long tag)" wait_for "1 of 1"
keys t
check "the long name is cut, the rhythm whole" wait_re "│ the-people-from-the-analytical-engine-project-and-i… {7}1   every month │"
keys Escape
keys q
check "quits (a long tag)" terminal_restored

# ---- no tags ----
rm -f "$DB"
check "a card without tags" sh -c "'$ROLODEX_BIN' --db '$DB' add 'Alan Turing' >/dev/null"
start_rolodex 80 24
check "the browser starts (no tags)" wait_for "1 of 1"
keys t
check "no tags: says how to add one" wait_for "No tags yet."
check "and where" wait_for "Tags field"
check "nothing to rename or show" sh -c "! tmux -L '$E2E_SERVER' capture-pane -p | grep -q 'e rename'"
keys Escape
keys q
check "quits (no tags)" terminal_restored

e2e_finish
