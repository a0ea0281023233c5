#!/usr/bin/python3
"""check_messages.py SRC [--list] — every message has its Spanish (TAP).

Finds the format string of every call that prints a message (diag_error,
diag_warning, cell_error, header_error, table_error, ini_error, run_warning, run_error,
fail, session_progress, msg_tr) in SRC/src/*/*.c, with string macros
expanded, and checks that src/core/messages.def translates each one, with the
same conversions in the same order (a %s where the English has a %d would
be undefined behaviour).  --list prints the formats messages.def lacks.
"""
import glob
import os
import re
import sys

# the position of the format among each function's arguments
FMT_ARG = {"diag_error": 5, "diag_warning": 4, "cell_error": 3, "header_error": 3, "table_error": 3,
           "ini_error": 4, "run_warning": 1, "run_error": 1, "fail": 2,
           "session_progress": 1, "msg_tr": 0,
           # a key's description in indigo.ini messages (ini.h)
           "INI_EXPECT": 0,
           # what a framework value was expected to be, translated where it is used
           "cell_number": 3, "ini_number": 6,
           # what the database was doing, in "database error while %s: %s"
           "sql_error": 2, "exec": 3, "step_done": 3,
           "read_rows": 5, "read_ints": 5, "read_texts": 5, "exec_year": 4,
           "read_round_rows": 7, "DB_WHAT": 0}
STRING = r'"(?:[^"\\]|\\.)*"'


def unescape(lit):
    return bytes(lit[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def macros(files):
    """NAME -> text of every #define NAME "..." "..." (string literals only)."""
    out = {}
    for f in files:
        s = open(f, encoding="utf-8").read().replace("\\\n", " ")
        for m in re.finditer(r'^#define\s+(\w+)\s+((?:' + STRING + r'\s*)+)$', s, re.M):
            out[m.group(1)] = "".join(unescape(x) for x in re.findall(STRING, m.group(2)))
    return out


def args_of(s, i):
    """The top-level arguments of the call whose "(" is at s[i]."""
    depth, cur, out, j = 0, "", [], i
    while j < len(s):
        c = s[j]
        if c == '"':
            m = re.match(STRING, s[j:])
            cur += m.group(0)
            j += m.end()
            continue
        if c == "'":
            m = re.match(r"'(?:[^'\\]|\\.)*'", s[j:])
            cur += m.group(0)
            j += m.end()
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                j += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                out.append(cur.strip())
                return out
        elif c == "," and depth == 1:
            out.append(cur.strip())
            cur = ""
            j += 1
            continue
        cur += c
        j += 1
    return out


def literal(arg, defs):
    """The text of an argument made of string literals and string macros,
    or None if it is anything else (a variable, a call)."""
    parts = re.findall(STRING + r"|\w+|\S", arg)
    text = ""
    for p in parts:
        if p.startswith('"'):
            text += unescape(p)
        elif p in defs:
            text += defs[p]
        else:
            return None
    return text


def formats(src):
    files = sorted(glob.glob(os.path.join(src, "src", "*", "*.c")))
    defs = macros(files + glob.glob(os.path.join(src, "src", "*", "*.h")))
    found = {}
    for f in files:
        s = open(f, encoding="utf-8").read()
        s = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group(0)), s, flags=re.S)
        for m in re.finditer(r"\b(" + "|".join(FMT_ARG) + r")\s*\(", s):
            args = args_of(s, m.end() - 1)
            k = FMT_ARG[m.group(1)]
            if len(args) <= k:
                continue
            text = literal(args[k], defs)
            if text is not None and re.search(r"[A-Za-z]", re.sub(r"%[-#0 +]*\d*(\.\d+|\.\*)?[lhzj]*[a-zA-Z%]", "", text)):
                found.setdefault(text, "%s:%d" % (os.path.basename(f), s.count("\n", 0, m.start()) + 1))
        # the languages named in messages, from arrays passed through msg_tr
        for m in re.finditer(r"lang_name\[LANG_COUNT\] = \{((?:\s*" + STRING + r",?)+)\s*\}", s):
            for lit in re.findall(STRING, m.group(1)):
                found.setdefault(unescape(lit), os.path.basename(f))
    return found


def conversions(fmt):
    """The conversions of a printf format, without flags and widths (what
    the arguments must match): "%-8.3f %ld %%" -> ["%.f", "%ld"]."""
    return [re.sub(r"[-#0 +]|\d+", "", c) for c in
            re.findall(r"%(?:%|[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j)?"
                       r"[diouxXeEfgGcsp])", fmt)
            if c != "%%"]


def catalogue(src):
    s = open(os.path.join(src, "src", "core", "messages.def"), encoding="utf-8").read()
    s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
    out = {}
    for m in re.finditer(r"M\(((?:\s*" + STRING + r")+)\s*,((?:\s*" + STRING + r")+)\s*\)", s):
        en = "".join(unescape(x) for x in re.findall(STRING, m.group(1)))
        es = "".join(unescape(x) for x in re.findall(STRING, m.group(2)))
        out[en] = es
    return out


def main():
    src = sys.argv[1]
    found, cat = formats(src), catalogue(src)
    missing = sorted(f for f in found if f not in cat)
    if "--list" in sys.argv:
        for f in missing:
            print("%s\t%s" % (found[f], f.replace("\n", "\\n").replace("\r", "\\r")))
        return 0
    n, bad = 0, 0

    def ok(cond, name):
        nonlocal n, bad
        n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", n, name))
        bad += not cond

    ok(len(found) > 250, "%d message formats found in the source" % len(found))
    ok(not missing, "every message has its Spanish in messages.def")
    for f in missing[:40]:
        print("#   %s: %s" % (found[f], f.replace("\n", "\\n")))
    wrong = [(en, es) for en, es in cat.items() if conversions(en) != conversions(es)]
    ok(not wrong, "each translation has the same conversions in the same order (%d)" % len(cat))
    for en, es in wrong[:20]:
        print("#   %s\n#   %s" % (en, es))
    unused = sorted(en for en in cat if en not in found)
    ok(not unused, "messages.def has no message the source no longer prints")
    for en in unused[:20]:
        print("#   unused: %s" % en.replace("\n", "\\n"))
    # the progress lines of two commands start with the command's name, and
    # "error" is Spanish too
    same = [en for en, es in cat.items()
            if en == es and re.search(r"[a-z]{4}", en) and en not in ("compute: %s", "report: %s", "error")]
    ok(not same, "no message is left in English in messages.def")
    for en in same[:20]:
        print("#   untranslated: %s" % en)
    print("1..%d" % n)
    return 1 if bad else 0


sys.exit(main())
