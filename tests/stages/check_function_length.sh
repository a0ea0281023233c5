#!/bin/sh
# check_function_length.sh LIMIT LONG_FIXTURE SRC_DIR — every function in
# SRC_DIR/*/*.c fits in LIMIT lines, and the checker does see a function of
# LIMIT + 1 lines (LONG_FIXTURE), so it cannot pass by reading nothing.
#
# Functions are found the way this code base writes them (the kernel and
# git style clang-format keeps): the opening brace alone at column 0 after
# the signature, the closing brace alone at column 0.
limit=$1 fixture=$2 src=$3
long_functions() {
    awk -v limit="$limit" '
        /^\{/ { start = FNR; name = prev; next }
        /^\}/ { if (start && FNR - start + 1 > limit)
                    printf "%s:%d: %d lines: %s\n", FILENAME, start, FNR - start + 1, name
                start = 0 }
        { if ($0 !~ /^[ \t]*$/) prev = $0 }' "$@"
}
echo "1..3"
n=$(find "$src" -mindepth 2 -name '*.c' | wc -l)
if [ "$n" -gt 50 ]; then echo "ok 1 - $n source files read"; else echo "not ok 1 - only $n source files under $src"; fi
if long_functions "$fixture" | grep -q ': 121 lines: '; then
    echo "ok 2 - a function of 121 lines is seen"
else
    echo "not ok 2 - the 121-line function of $fixture was not seen"
fi
found=$(long_functions $(find "$src" -mindepth 2 -name '*.c' | sort))
if [ -z "$found" ]; then
    echo "ok 3 - every function fits in $limit lines"
else
    echo "not ok 3 - functions longer than $limit lines (split them along what they do)"
    echo "$found" | sed 's/^/# /'
fi
