#!/usr/bin/env bash
# check_acyclic.sh CYCLIC_LIB -- LIB...
# The source files of indigo call one another in one direction only: within
# and across the stage libraries, the graph "file A calls a function defined
# in file B" has no loop (ini.c once called up into config.c, framework.c
# and framework_validate.c called each other).  The graph is read from the
# objects' symbol tables (nm) and sorted with tsort(1), which names a loop
# when there is one.  CYCLIC_LIB holds two files that call each other: the
# check must find that loop, or it could not find any.
set -u
cyclic=$1
shift 2   # CYCLIC_LIB --
echo "1..2"

# Lines "caller callee" for every call from one object into another.
edges() {
    nm -A "$@" 2>/dev/null | awk '
        NF < 2 { next }
        { split($1, p, ":"); obj = p[2]; sub(/.*\//, "", obj) }   # LIB:OBJECT:[ADDRESS]
        $2 ~ /^[TDRB]$/ { def[$3] = obj }
        $2 == "U" { use[++n] = obj; sym[n] = $3 }
        END {
            for (i = 1; i <= n; i++)
                if ((sym[i] in def) && def[sym[i]] != use[i])
                    print use[i], def[sym[i]]
        }' | sed 's/\.c\.o//g' | sort -u
}

# Prints the loop tsort reports, if any.
loop_of() {
    edges "$@" | tsort 2>&1 >/dev/null | grep -v '^tsort: -: input contains a loop:$' \
        | sed 's/^tsort: //'
}

loop=$(loop_of "$cyclic")
if [ -n "$loop" ]; then
    echo "ok 1 - the check finds the loop of two files that call each other"
else
    echo "not ok 1 - the check finds no loop in $cyclic, which has one"
fi
loop=$(loop_of "$@")
if [ -z "$loop" ]; then
    echo "ok 2 - no source file calls back into a file that calls it ($# libraries)"
else
    echo "not ok 2 - the files call one another in a loop:"
    printf '%s\n' "$loop" | sed 's/^/#   /'
fi
