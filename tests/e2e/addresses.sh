#!/bin/bash
# addresses.sh - the address list (y): the marked cards' or the filter's
# addresses as one RFC 5322 To: line on the screen, who has no e-mail named
# (their names made harmless), saved to a file with exactly that line (~
# expanded, asking before replacing, an I/O error reported as what it is),
# and copied with OSC 52 only when the config allows it: tmux takes the
# escape into its paste buffer when set-clipboard is on.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
rdx add "Lovelace, Augusta" --email augusta@example.org --tag acme-alumni >/dev/null
rdx add $'Evil\e[2J Person' --tag acme-alumni >/dev/null
rdx add "Nomail Person" >/dev/null

# Sort order: family names, so Ada and then Augusta Lovelace.
TO='Charles Babbage <charles@example.org>, Margaret Hamilton <margaret@example.org>, Grace Hopper <grace@example.org>, Ada Lovelace <ada@example.org>, "Lovelace, Augusta" <augusta@example.org>, Alan Turing <alan@example.org>, Zhang Wei <wei@example.org>'

file_is()
{
	[ -f "$1" ] && [ "$(cat "$1")" = "$2" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(wc -l <"$1")" -eq 1 ]
}

start_rolodex 80 24
check "opens on the first card" wait_for "1 of 9"
keys y
check "y shows the addresses as a To: line" wait_for "To: 7 addresses · all 9 cards"
check "  a name with a comma is quoted" wait_for '"Lovelace, Augusta" <augusta@example.org>,'
check "  the cards without an e-mail are counted and named" wait_for "2 cards have no e-mail: Evil [2J Person, Nomail"
check "  the list is the CLI's --format to" [ "$(rdx list --format to 2>/dev/null)" = "$TO" ]

keys y
check "copying is off by default and says how to turn it on" wait_for 'Copying needs "clipboard = on"'
check "  and sent nothing" [ -z "$(tmux -L "$E2E_SERVER" list-buffers 2>/dev/null)" ]

keys s
check "s asks where to save" wait_for "Save the To: line to ~/addresses.txt"
keys C-u
type_text "~/to.txt"
keys Enter
check "saves to the file, ~ expanded" wait_for "Saved 7 addresses to ~/to.txt"
check "  the file holds exactly the To: line" file_is "$HOME/to.txt" "$TO"
check "  private to the user" [ "$(stat -c %a "$HOME/to.txt")" = 600 ]

echo "old" >"$HOME/to.txt"
keys s C-u
type_text "~/to.txt"
keys Enter
check "an existing file: asks before replacing it" wait_for "~/to.txt exists. Replace it?"
keys n
check "  n keeps it" wait_for "Not saved: the file is kept as it was"
check "  unchanged" file_is "$HOME/to.txt" "old"
keys s C-u
type_text "~/to.txt"
keys Enter
wait_for "Replace it?"
keys y
check "  y replaces it" wait_for "Saved 7 addresses to ~/to.txt"
check "  with the To: line" file_is "$HOME/to.txt" "$TO"

keys s C-u
type_text "~/no/such/folder/to.txt"
keys Enter
check "a folder that does not exist is reported as such" wait_for "No such file or directory"
keys s C-u
type_text "~"
keys Enter
check "a folder is not a file name" wait_for "is a folder; give a file name"

keys Escape
check "Esc closes the list" wait_gone "To: 7 addresses"
keys /
type_text "tag:acme"
keys Enter
check "a search for a tag" wait_for "of 4"
keys y
check "y lists the filter's cards" wait_for "To: 3 addresses · the filter's 4 cards"
check "  naming who has none" wait_for "1 card has no e-mail: Evil [2J Person"
keys Escape Escape
wait_for "of 9"
keys /
type_text "nomail"
keys Enter
wait_for "1 of 1"
keys y
check "no address at all: said so, naming the card" wait_for "No address to list: 1 card has no e-mail: Nomail Person"
keys Escape Home
wait_for "1 of 9"
keys m
check "marking a card" wait_for "1 marked"
keys y
check "y lists the marked cards" wait_for "To: 1 address · the 1 marked card"
keys Escape q
check "q quits" wait_for "exit=0"

# With the switch on, the copy key sends OSC 52; tmux, told to accept it,
# puts the text into a paste buffer.
printf 'clipboard = on\n' >"$XDG_CONFIG_HOME/rolodex/config"
start_rolodex 80 24
tmux -L "$E2E_SERVER" set-option -s set-clipboard on
check "opens again" wait_for "1 of 9"
keys y
wait_for "To: 7 addresses"
keys c
check "with clipboard = on, the copy key sends the list" wait_for "Sent 7 addresses to the clipboard"
check "  the clipboard holds exactly the To: line" wait_cmd "$E2E_TIMEOUT" \
	bash -c "[ \"\$(tmux -L '$E2E_SERVER' show-buffer)\" = '$TO' ]"
keys Escape q
check "q quits" wait_for "exit=0"
e2e_finish
