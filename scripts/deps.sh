# scripts/deps.sh — sourced by scripts/demo and scripts/test: installs the
# Debian 12 packages indigo needs, only those missing (apt-get as root).
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
libxlsxwriter-dev libcairo2-dev libpng-dev libisal-dev libhpdf-dev libiniparser-dev libssl-dev \
fonts-dejavu-core fonts-liberation2 python3"
# What the test suite needs on top: PDF and spreadsheet checkers, a browser
# and node for the portal test, clang's libFuzzer, valgrind.
TEST_PACKAGES="poppler-utils qpdf python3-openpyxl gnumeric libreoffice-calc-nogui valgrind \
chromium clang libclang-rt-14-dev"

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
