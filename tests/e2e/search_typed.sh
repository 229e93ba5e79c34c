#!/bin/bash
# search_typed.sh - the browser's search finds what people type: a
# qualifier still being typed says what it takes and narrows nothing
# (due:, due:y) until it is whole (due:yes); phone numbers by their
# digits; Cyrillic names by their Latin spelling; tag: prefixes; last:.
. "$(dirname "$0")/lib.sh"
e2e_setup

seed_cards || { echo "not ok 1 - seeding cards"; exit 1; }
rdx add "Дмитрий Иванов" --phone "+7 495 123-45-67" >/dev/null

start_rolodex 80 24
check "opens on the first card" wait_for "1 of 7"

keys /
type_text "due:"
check "due: alone says what it takes" wait_for "due: yes or no"
check "  and narrows nothing" wait_for "of 7"
type_text "y"
check "due:y still says what it takes" wait_for "due: yes or no"
check "  and still narrows nothing" wait_for "of 7"
type_text "es"
check "due:yes narrows to the due cards" wait_for "1 of 2"
check "  and the hint is gone" wait_gone "due: yes or no"
keys Escape
check "Esc clears the search" wait_for "of 7"

keys /
type_text "ivanov"
check "ivanov finds Дмитрий Иванов" wait_for "Дмитрий Иванов"
check "  alone" wait_for "1 of 1"
keys Escape

keys /
type_text "123-45"
check "a phone number by its digits, with dashes" wait_for "Дмитрий Иванов"
check "  alone" wait_for "1 of 1"
keys Escape

keys /
type_text "+44"
check "+44 finds the number by its country code" wait_for "Ada Lovelace"
check "  alone" wait_for "1 of 1"
keys Escape

keys /
type_text "tag:acme"
check "tag:acme finds acme-alumni" wait_for "of 2"
keys Escape

keys /
type_text "last:>6m"
check "last:>6m: everyone not contacted since May" wait_for "of 6"
keys Escape

keys q
check "q quits" wait_for "exit=0"
e2e_finish
