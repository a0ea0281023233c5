#!/usr/bin/env bash
# check_stages.sh BUILD_ROOT CONTROL_TARGET [NAME TARGET EXPECTED]...
# Builds each deliberately wrong target with ninja and requires the build to
# fail with EXPECTED in its output; the control target must build.
set -u
root=$1 control=$2
shift 2
n=$(( $# / 3 + 1 ))
echo "1..$n"
i=1
if out=$(ninja -C "$root" "$control" 2>&1); then
    echo "ok $i - the control (what compute may include) builds"
else
    echo "not ok $i - the control does not build"
    printf '%s\n' "$out" | sed 's/^/# /' | tail -20
fi
while [ $# -ge 3 ]; do
    i=$((i + 1))
    name=$1 target=$2 expected=$3
    shift 3
    if out=$(ninja -C "$root" "$target" 2>&1); then
        echo "not ok $i - $name: built, but its stage forbids it"
    elif printf '%s' "$out" | grep -qF -- "$expected"; then
        echo "ok $i - $name: refused ($expected)"
    else
        echo "not ok $i - $name: failed for another reason than \"$expected\""
        printf '%s\n' "$out" | sed 's/^/# /' | tail -20
    fi
done
