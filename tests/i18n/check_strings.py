#!/usr/bin/python3
"""check_strings.py SRC — every entry of src/core/strings.def is used (TAP).

strings.def is appended to by many hands; an entry whose Spanish key no
source file names any more is text that a later reader takes for the
method or the report's wording, and is not.  A key counts as used when it
appears as a string literal (adjacent literals joined) in SRC/src/*/*.[ch]
or another .def file.
"""
import glob
import os
import re
import sys

STRING = r'"(?:[^"\\]|\\.)*"'
ENTRY = re.compile(r'^S\(((?:' + STRING + r'\s*)+),\s*((?:' + STRING + r'\s*)+)\)', re.M)


def joined(text):
    """The literals of text with adjacent ones joined ("a" "b" -> "ab")."""
    return re.sub(r'"\s*"', '', text)


def main():
    src = sys.argv[1]
    table = os.path.join(src, "src", "core", "strings.def")
    keys = [joined(m.group(1)).strip() for m in ENTRY.finditer(open(table, encoding="utf-8").read())]
    code = ""
    for f in sorted(glob.glob(os.path.join(src, "src", "*", "*.[ch]")) +
                    glob.glob(os.path.join(src, "src", "*", "*.def"))):
        if os.path.samefile(f, table):
            continue
        code += joined(open(f, encoding="utf-8").read()) + "\n"
    unused = [k for k in keys if k not in code]
    print("ok 1 - %d entries in strings.def" % len(keys) if keys else "not ok 1 - no entries found")
    if unused:
        print("not ok 2 - every entry of strings.def is used")
        for k in unused:
            print("#   unused: %s" % k)
    else:
        print("ok 2 - every entry of strings.def is used")
    print("1..2")


main()
