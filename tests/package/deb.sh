#!/usr/bin/env bash
# The Debian package as the Commission's IT staff would use it: built with
# dpkg-buildpackage from a copy of the repository (so nothing is written into
# the tree, and nothing outside it is there to lean on), checked by lintian,
# installed with apt-get, its manual read with man, and the demonstration
# round run with the installed program and data from a temporary directory.
# Root only: it installs the package (and purges it again if it was not
# installed before).
SRC=$1
. "$SRC/tests/e2e/tap.sh"
if [ "$(id -u)" -ne 0 ]; then
    echo "1..0 # SKIP installing a package needs root"
    exit 0
fi
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

# -- a copy of the tree: the files git knows, as they are in the working tree
mkdir -p "$W/src/indigo"
in_git=0; git -C "$SRC" rev-parse --show-toplevel > /dev/null 2>&1 && in_git=1
if [ $in_git -eq 1 ]; then
    status_before=$(git -C "$SRC" status --porcelain --ignored)
    # (a tracked file deleted in the working tree is left out: --ignore-failed-read)
    (cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
        tar --null --ignore-failed-read -T - -cf - 2> /dev/null) | tar -xf - -C "$W/src/indigo"
else
    (cd "$SRC" && tar --exclude='./build*' --exclude='./obj-*' --exclude=./reports -cf - .) |
        tar -xf - -C "$W/src/indigo"
fi
[ -f "$W/src/indigo/debian/control" ]; ok $? "a copy of the tree with its debian/"

# -- build ------------------------------------------------------------------
# Every library scripts/deps.sh installs for building is a build dependency
# of the package too (this machine has them all, a clean one would not).
. "$SRC/scripts/deps.sh"
missing=""
for p in $BUILD_PACKAGES; do
    case $p in lib*-dev) grep -q "^ *$p\b" "$SRC/debian/control" || missing="$missing $p" ;; esac
done
is "$missing" "" "debian/control's Build-Depends name every library of BUILD_PACKAGES"
(cd "$W/src/indigo" && dpkg-buildpackage -us -uc -b) > "$W/build.log" 2>&1; st=$?
is $st 0 "dpkg-buildpackage -us -uc -b exits 0"
[ $st -eq 0 ] || tail -30 "$W/build.log" | sed 's/^/#   /'
is "$(grep -c 'warning:' "$W/build.log")" 0 "the package build compiles without a warning"
deb=$(ls "$W"/src/indigo_*.deb 2>/dev/null | head -1)
[ -n "$deb" ]; ok $? "the .deb is written beside the copy: ${deb##*/}"
[ $in_git -eq 0 ] ||
    is "$(git -C "$SRC" status --porcelain --ignored)" "$status_before" "the repository is untouched"
want=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$SRC/meson.build")
is "$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)" "$want" \
    "debian/changelog and meson.build give the same version"
lintian --allow-root --fail-on error,warning "$W"/src/indigo_*.changes > "$W/lintian" 2>&1
st=$?
ok $st "lintian: no error or warning"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/lintian" | head -20
if [ -z "$deb" ]; then tap_done; exit; fi

# -- install ----------------------------------------------------------------
installed_before=$(dpkg-query -W -f='${Status}' indigo 2>/dev/null | grep -c "install ok installed")
(cd "$W/src" && apt-get install -y --reinstall -o DPkg::Lock::Timeout=600 "./${deb##*/}") \
    > "$W/apt.log" 2>&1; st=$?
is $st 0 "apt-get install ./${deb##*/}"
[ $st -eq 0 ] || tail -20 "$W/apt.log" | sed 's/^/#   /'
is "$(command -v indigo)" "/usr/bin/indigo" "indigo is /usr/bin/indigo"
is "$(indigo --version)" "indigo $want" "indigo --version"

# -- the manual -------------------------------------------------------------
is "$(man -w indigo 2>&1)" "/usr/share/man/man1/indigo.1.gz" "man finds indigo(1)"
# the page itself (-l), not a formatted copy man-db may have cached from an
# earlier install: the package's page keeps the changelog's date, older
# than such a copy, so man would show the stale one
MANWIDTH=80 man -P cat -l "$(man -w indigo)" > "$W/man.txt" 2> "$W/man.err"
is $? 0 "man indigo renders"
grep -q "^       indigo - compute Guatemala's digital-government indices" "$W/man.txt"
ok $? "man indigo: the NAME line"
missing=""
for c in $(indigo --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p'); do
    sed -n '/^COMMANDS/,/^EXIT STATUS/p' "$W/man.txt" | grep -q "^       $c\b" || missing="$missing $c"
done
is "$missing" "" "man indigo documents every command of indigo --help"
contains "$W/man.txt" "/usr/share/indigo" "man indigo names the data directory"

# -- the demonstration round, from a temporary directory --------------------
mkdir "$W/run"; cd "$W/run" || exit 1
indigo init ronda > "$W/init" 2>&1; is $? 0 "indigo init ronda (from /usr/share/indigo)"
cd ronda || exit 1
indigo -q run 2> "$W/err"; st=$?
is $st 0 "indigo run: the demonstration round with the installed program and data"
[ $st -eq 0 ] || sed 's/^/#   /' "$W/err" | head -20
R=reports/2026
for l in es en; do
    [ -s "$R/indigo-2026-$l.xlsx" ] && [ -s "$R/informe-nacional-2026-$l.pdf" ]
    ok $? "$R: the round's workbook and national report ($l)"
    is "$(ls "$R"/instituciones/*/ficha-*-2026-$l.pdf 2>/dev/null | wc -l)" 30 "$R: 30 scorecards ($l)"
    is "$(ls "$R"/instituciones/*/*-2026-$l.xlsx 2>/dev/null | wc -l)" 30 "$R: 30 institution workbooks ($l)"
    png=$(ls "$R"/graficos/*-$l.png 2>/dev/null | wc -l); svg=$(ls "$R"/graficos/*-$l.svg 2>/dev/null | wc -l)
    ok $([ "$png" -gt 0 ] && [ "$png" -eq "$svg" ]; echo $?) "$R/graficos: each of $png charts as PNG and SVG ($l)"
done
[ "$(ls "$R"/graficos/ranking-IGD-es.png "$R"/graficos/ranking-ITIC-es.png \
       "$R"/graficos/ranking-IDA-es.png 2>/dev/null | wc -l)" -eq 3 ]
ok $? "$R/graficos: the ranking of each index"
[ -s "$R/datos/datapackage.json" ] && [ -s "$R/sitio/es/index.html" ] && [ -s "$R/sitio/en/index.html" ]
ok $? "$R: open data and the portal"
[ -n "$(ls "$R"/cuestionarios 2>/dev/null)" ]; ok $? "$R/cuestionarios: the questionnaires"
! grep -rqF -- "$SRC" "$R" 2>/dev/null; ok $? "no output names the source tree"

# -- leave the machine as it was ----------------------------------------------
cd "$W" || exit 1
if [ "$installed_before" -eq 0 ]; then
    apt-get purge -y -o DPkg::Lock::Timeout=600 indigo > "$W/purge.log" 2>&1
    ok $? "apt-get purge indigo (it was not installed before the test)"
    [ ! -e /usr/bin/indigo ] && [ ! -e /usr/share/indigo ]; ok $? "and it is gone"
else
    echo "# indigo was installed before the test: this build stays installed"
fi
tap_done
