#!/bin/sh
# browser_check.sh — the site in a real browser (meson test 'site-browser').
#
#   browser_check.sh SITE_FIXTURE SRC_DIR OUT_DIR
#
# Writes the fixture round with SITE_FIXTURE into OUT_DIR, installs the npm
# packages of SRC_DIR/package-lock.json if node_modules is missing or stale
# (npm ci), and runs check_site.js, which prints TAP.  Needs Debian's
# chromium, nodejs and npm.
set -u
fixture=$1
src=$2
out=$3

bail() { echo "Bail out! $*"; exit 1; }

command -v node >/dev/null 2>&1 || bail "node not found (apt-get install nodejs npm)"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || bail "$chromium not found (apt-get install chromium)"

# npm ci once, also when two builds run their tests at the same time.
lock=${TMPDIR:-/tmp}/indigo-site-npm.lock
(
    flock 9
    if [ ! -f "$src/node_modules/.package-lock.json" ] ||
       [ "$src/package-lock.json" -nt "$src/node_modules/.package-lock.json" ]; then
        echo "# npm ci in $src" >&2
        (cd "$src" && npm ci --no-audit --no-fund --loglevel=error) >&2 || exit 1
    fi
) 9>"$lock" || bail "npm ci failed in $src"

rm -rf "$out"
mkdir -p "$out" || bail "cannot create $out"
"$fixture" "$out" >&2 || bail "$fixture failed"
cd "$src" || bail "cannot enter $src"
exec node check_site.js "$out/2026/sitio" "$out/screenshots"
