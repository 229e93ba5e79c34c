# scripts/lib.sh - shared by scripts/run and scripts/test: install what is
# missing from Debian's packages, then configure and build with meson.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Packages needed to build and run rolodex.
BUILD_PACKAGES=(gcc pkg-config meson ninja-build libncurses-dev libsqlite3-dev libgmime-3.0-dev libical-dev)
# Packages needed by the test suites: cmocka for unit tests, tmux for the
# end-to-end tests, python3 for checking JSON, clang for fuzzing, strace for
# fault injection, the peers whose readers must accept our files, and
# Radicale and vdirsyncer for the CardDAV sync test, notmuch and khal
# whose mail and calendars `rolodex scan` reads, khal and python3-icalendar
# reading the calendars `rolodex calendar` writes, groff formatting the man
# page for tests/keys_man.sh.
TEST_PACKAGES=(libcmocka-dev tmux python3 clang libclang-rt-14-dev strace sqlite3 khard abook radicale vdirsyncer notmuch khal
	python3-icalendar cppcheck groff-base)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "rolodex: installing packages needs root; run as root or install sudo" >&2
		return 1
	fi
}

# install_missing PACKAGE... - apt-get install only what dpkg lacks.
install_missing() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing: ${missing[*]}" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [meson options...] - configure once, then build.
build() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$ROOT" "$@" >"$dir.setup.log" 2>&1 || {
			cat "$dir.setup.log" >&2
			return 1
		}
	fi
	ninja -C "$dir" >"$dir.build.log" 2>&1 || {
		tail -n 60 "$dir.build.log" >&2
		return 1
	}
}
