#!/usr/bin/env bash
# rel_hostile.sh - terminal injection: names, notes and imported fields that
# carry OSC 52 clipboard writes, OSC 0/2 title changes, CSI sequences, the
# C1 CSI (U+009B), CR, BS, a BiDi override (U+202E), zero-width characters
# and NUL.  The full-screen interface, the CLI writing to a terminal (every
# format) and error messages that quote file content must all show them as
# harmless placeholders: the tmux pane title stays, tmux's paste buffers
# (set-clipboard on) stay empty, and the raw byte stream (tmux pipe-pane,
# script) never carries a payload.  A control run first proves the checks
# can fail.
source "$(dirname "$0")/rel_lib.sh"
rel_setup

ESC=$'\e'
BEL=$'\a'
OSC52="${ESC}]52;c;cHduZWQ=${BEL}"        # clipboard := "pwned"
OSC0="${ESC}]0;PWNED-TITLE-0${BEL}"
OSC2="${ESC}]2;PWNED-TITLE-2${ESC}\\"
CSI="${ESC}[31;1;4;7mSGRPAYLOAD"
C1CSI=$'\u009b'"33;1;4;7mC1PAYLOAD"
RLO=$'\u202e'"EVILRLO"
ZW=$'a\u200bb\u2066c'
CRBS=$'Good\rCRPAYLOAD x\b\b\bBSPAYLOAD'
ALL="$OSC52$OSC0$OSC2$CSI$C1CSI$RLO$ZW$CRBS"
BAD_INPUTS=0

# bad_bytes FILE: names the payloads found in a raw terminal stream.
bad_bytes()
{
	"$REL_PYTHON" - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
found = []
for name, sig in [
    ("OSC 52", b"\x1b]52;"), ("OSC 0", b"\x1b]0;PWNED"), ("OSC 2", b"\x1b]2;PWNED"),
    ("CSI", b"\x1b[31;1;4;7m"), ("C1 CSI", b"\xc2\x9b33;"), ("raw 0x9b", b"\x9b33;"),
    ("U+202E", "\u202e".encode()), ("U+200B", "\u200b".encode()), ("U+2066", "\u2066".encode()),
    ("CR payload", b"\rCRPAYLOAD"), ("BS payload", b"\x08BSPAYLOAD"),
    ("NUL payload", b"\x00NULPAYLOAD")]:
    if sig in data:
        found.append(name)
print(" ".join(found))
EOF
}

# ---- control run: the checks catch a raw payload --------------------------------
start_shell 100 30
tmux -L "$E2E_SERVER" set-option -g set-clipboard on
tmux -L "$E2E_SERVER" pipe-pane -o "cat >>'$E2E_DIR/control.raw'"
printf '%s' "$OSC52$OSC0" >"$E2E_DIR/control.bytes"
type_line "cat '$E2E_DIR/control.bytes'; echo; echo control-done"
wait_for "control-done"
check "control: a raw OSC 0 changes the pane title (the check can fail)" [ "$(tmux_format '#{pane_title}')" = PWNED-TITLE-0 ]
check "control: a raw OSC 52 fills a tmux buffer (the check can fail)" sh -c '[ -n "$(tmux -L "$0" list-buffers)" ]' "$E2E_SERVER"
check "control: the stream check finds the payload" sh -c '[ -n "$1" ]' _ "$(bad_bytes "$E2E_DIR/control.raw")"

# ---- hostile cards ------------------------------------------------------------------------
"$ROLODEX_BIN" --db "$DB" add "Mallory ${OSC0}${CSI}" --org "Org ${OSC52}${C1CSI}" --title "T ${RLO}" \
	--email "m${OSC2}@example.org" --tag "t${CSI}" --note "note ${ALL}" \
	--cadence 1w --birthday --11-25 >/dev/null
BAD_INPUTS=$((BAD_INPUTS + 6))
printf 'second note %s\n%s\n' "$ALL" "$CRBS" | "$ROLODEX_BIN" --db "$DB" note Mallory >/dev/null
# Long ago, so the card is due and shows in `due`, `birthdays` and the review.
"$ROLODEX_BIN" --db "$DB" contacted Mallory --via call --date 2025-01-01 --note "call ${OSC52}${OSC0}" >/dev/null
BAD_INPUTS=$((BAD_INPUTS + 2))
# Imported fields, including a NUL byte and a raw C1 byte (not UTF-8).
"$REL_PYTHON" - "$E2E_DIR/hostile.vcf" <<'EOF'
import sys
e = b"\x1b"
osc52 = e + b"]52;c;cHduZWQ=\x07"
osc0 = e + b"]0;PWNED-TITLE-0\x07"
with open(sys.argv[1], "wb") as f:
    f.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:hostile-1\r\n")
    f.write(b"FN:Imported " + osc0 + b"Eve\r\n")
    f.write(b"ORG:Org " + osc52 + b"\r\n")
    f.write(b"TITLE:" + "\u202eEVILRLO \u009b33;1;4;7mC1PAYLOAD".encode() + b"\r\n")
    f.write(b"NOTE:imported note " + e + b"[31;1;4;7mSGRPAYLOAD Good\\nmore\rCRPAYLOAD\r\n")
    f.write(b"EMAIL:eve@example.org\r\nEND:VCARD\r\n")
    # A second card with a raw 0x9b byte and an invalid line quoting it.
    f.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:hostile-2\r\nFN:Raw \x9b33;1;4;7mC1 Byte\r\nEND:VCARD\r\n")
EOF
"$ROLODEX_BIN" --db "$DB" import --skip-bad "$E2E_DIR/hostile.vcf" >/dev/null 2>&1
BAD_INPUTS=$((BAD_INPUTS + 6))
# NUL bytes: a file holding one is refused as binary, a note read from
# standard input holding one is refused; nothing is stored either way.
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nul\000NULPAYLOAD\r\nEND:VCARD\r\n' >"$E2E_DIR/nul.vcf"
rc=0
"$ROLODEX_BIN" --db "$DB" import "$E2E_DIR/nul.vcf" >/dev/null 2>"$E2E_DIR/err" || rc=$?
check "a vCard holding NUL is refused clearly (exit $rc)" sh -c '[ "$0" = 1 ] && grep -q "binary" "$1"' "$rc" "$E2E_DIR/err"
rc=0
printf 'note with \000NULPAYLOAD' | "$ROLODEX_BIN" --db "$DB" note Mallory >/dev/null 2>"$E2E_DIR/err" || rc=$?
check "a note holding NUL is refused clearly (exit $rc)" sh -c '[ "$0" != 0 ] && grep -qi "nul" "$1"' "$rc" "$E2E_DIR/err"
check "no NUL payload was stored" [ "$(sql "$DB" "SELECT count(*) FROM note WHERE body LIKE '%NULPAYLOAD%'")" = 0 ]
BAD_INPUTS=$((BAD_INPUTS + 2))
# A file whose bad line (no colon) quotes the payload back in the error.
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Line\r\n%s%s no colon here\r\nEND:VCARD\r\n' "$OSC52" "$OSC0" >"$E2E_DIR/badline.vcf"
printf 'Name,Email\r\n"%s%s",x@example.org\r\n' "$OSC0" "$CSI" >"$E2E_DIR/hostile.csv"
BAD_INPUTS=$((BAD_INPUTS + 2))
check "the hostile cards are in the rolodex" [ "$(live_cards "$DB")" = 3 ]

# ---- the full-screen interface ------------------------------------------------------------
start_shell 100 40
tmux -L "$E2E_SERVER" set-option -g set-clipboard on
tmux -L "$E2E_SERVER" pipe-pane -o "cat >>'$E2E_DIR/tui.raw'"
title_before=$(tmux_format '#{pane_title}')
type_line "clear; '$ROLODEX_BIN' --db '$DB'; echo exit=\$?"
wait_for "of 3"
for key in Right Right Right i Escape Left i Escape e Escape / ; do
	keys "$key"
	wait_settled
done
type_text "Mallory"
keys Enter
wait_settled
keys i
wait_settled
keys Escape Escape r
wait_settled
keys q
wait_settled
keys q q
wait_for "exit="
check "TUI: the pane title is unchanged" [ "$(tmux_format '#{pane_title}')" = "$title_before" ]
check "TUI: no tmux paste buffer was created (OSC 52)" sh -c '[ -z "$(tmux -L "$0" list-buffers)" ]' "$E2E_SERVER"
found=$(bad_bytes "$E2E_DIR/tui.raw")
check "TUI: the raw stream carries no payload${found:+ (found: $found)}" [ -z "$found" ]
check "TUI: the stream did show the cards" grep -q "Mallory" "$E2E_DIR/tui.raw"
check "TUI: the review showed the hostile card too" grep -q "Review" "$E2E_DIR/tui.raw"

# ---- the CLI on a terminal ------------------------------------------------------------------
start_shell 200 50
tmux -L "$E2E_SERVER" set-option -g set-clipboard on
tmux -L "$E2E_SERVER" pipe-pane -o "cat >>'$E2E_DIR/cli.raw'"
title_before=$(tmux_format '#{pane_title}')
# The commands run from a script file: typing payloads into the shell
# would make readline echo them.
: >"$E2E_DIR/cmds.sh"
for cmd in "list" "list --format tsv" "list --format json" "list --format emails" "show Mallory" \
	"show Mallory --format json" "show Mallory --format vcard" "show Eve" "due" "query Mallory" \
	"export" "export --format csv" "export --format json" "import --dry-run '$E2E_DIR/hostile.vcf'" \
	"import '$E2E_DIR/badline.vcf'" "import --dry-run '$E2E_DIR/hostile.csv'" "show 'Mallory$OSC0'" \
	"edit Mallory --set 'cadence=$OSC52'" "add '$OSC0'"; do
	printf "'%s' --db '%s' %s\n" "$ROLODEX_BIN" "$DB" "$cmd" >>"$E2E_DIR/cmds.sh"
	BAD_INPUTS=$((BAD_INPUTS + 1))
done
type_line "bash '$E2E_DIR/cmds.sh'; echo all-done"
wait_for "all-done" 30
wait_settled
check "CLI on a terminal: the pane title is unchanged" [ "$(tmux_format '#{pane_title}')" = "$title_before" ]
check "CLI on a terminal: no tmux paste buffer was created (OSC 52)" sh -c '[ -z "$(tmux -L "$0" list-buffers)" ]' "$E2E_SERVER"
found=$(bad_bytes "$E2E_DIR/cli.raw")
check "CLI on a terminal: the raw stream carries no payload${found:+ (found: $found)}" [ -z "$found" ]

# The same through script(1), command by command, stdout and stderr both on
# the pseudo-terminal; the exact command named when one leaks.
leaks=""
for cmd in "list" "list --format tsv" "list --format json" "list --format emails" "show Mallory" \
	"show Mallory --format json" "show Mallory --format vcard" "show Eve" "show Raw" "query Mallory" \
	"export" "export --format csv" "export --format json" "export --vcard-version 3.0" \
	"import --dry-run $E2E_DIR/hostile.vcf" "import $E2E_DIR/badline.vcf" \
	"import --dry-run $E2E_DIR/hostile.csv" "due" "birthdays" "list --search Mallory" "list --due" \
	"review --status" "review --status --format json"; do
	# shellcheck disable=SC2086
	script -q -e -c "'$ROLODEX_BIN' --db '$DB' $cmd" /dev/null >"$E2E_DIR/script.raw" 2>&1 </dev/null
	BAD_INPUTS=$((BAD_INPUTS + 1))
	f=$(bad_bytes "$E2E_DIR/script.raw")
	[ -z "$f" ] || leaks="$leaks [$cmd: $f]"
done
check "script(1): no command writes a payload to a terminal${leaks:+:$leaks}" [ -z "$leaks" ]
# Piped output is the data itself (for scripts): the payload is kept.
check "piped output keeps the stored text byte for byte (not a terminal)" \
	sh -c '"$0" --db "$1" show Mallory --format json | grep -q "PWNED-TITLE-0"' "$ROLODEX_BIN" "$DB"

count "bad inputs tried" "$BAD_INPUTS"
e2e_finish
