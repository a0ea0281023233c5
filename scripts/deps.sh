# scripts/deps.sh — sourced by scripts/provision: the Debian 12 packages
# indigo needs, and need_packages, which installs those missing (apt-get as
# root, or through sudo).
# usage: need_packages pkg...
need_packages() {
    missing=""
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing="$missing $p"
        fi
    done
    [ -z "$missing" ] && return 0
    echo "installing:$missing" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
}

# What building and running indigo needs.
BUILD_PACKAGES="build-essential meson ninja-build pkg-config libsqlite3-dev sqlite3 \
libxlsxwriter-dev libzip-dev libexpat1-dev libcairo2-dev libpng-dev libisal-dev libhpdf-dev libiniparser-dev nettle-dev \
fonts-dejavu-core fonts-liberation2 python3"
# What the test suite needs on top: PDF and spreadsheet checkers, a browser
# and node for the portal test, valgrind, man and groff (the manual page).
TEST_PACKAGES="poppler-utils qpdf python3-openpyxl gnumeric libreoffice-calc-nogui valgrind \
chromium man-db"
# The libFuzzer harnesses (scripts/fuzz, and scripts/test's last step).
FUZZ_PACKAGES="clang libclang-rt-14-dev"
# Building the Debian package and checking it (tests/package/deb.sh).
PACKAGE_PACKAGES="debhelper dpkg-dev lintian man-db"

# What bench/run needs to run COINr beside indigo (optional: without R the
# benchmark skips COINr).  COINr itself is not in Debian: bench/run installs
# it from a source tree (docs/benchmark.md).
BENCH_PACKAGES="r-base-core r-cran-openxlsx r-cran-rlang r-cran-ggplot2 r-cran-readxl \
r-cran-matrixstats"

# node and npm (the portal's browser test) may come from outside Debian's
# archive on the machine; install Debian's only when there are none at all.
need_node() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    need_packages nodejs npm
}
