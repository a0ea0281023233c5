#!/usr/bin/python3
"""The printed size of every chart's text in indigo's PDFs: the font size
times the scale the chart is placed at, read from the page content itself.

indigo draws its charts into the PDF as vectors (pdf_canvas.c), and every
piece of chart text is shown under its own text matrix (Tm), which carries
the placement scale; body text is set with Td only and is not a chart's.
So each Tj/TJ after a Tm prints at (Tf size) x sqrt(|det Tm|).  Reports the
smallest printed size per file, and fails when any is below MIN points.
usage: check_chart_text.py MIN PDF..."""
import re, sys, zlib

TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+")


def streams(data):
    """The decompressed content of every FlateDecode stream but images and
    embedded fonts (libharu writes /Length as a reference: read to the
    stream's end marker instead)."""
    for m in re.finditer(rb"obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n", data, re.S):
        head, start = m.group(1), m.end()
        if b"/FlateDecode" not in head or b"/Subtype" in head or b"/Length1" in head:
            continue
        end = data.find(b"endstream", start)
        try:
            yield zlib.decompressobj().decompress(data[start:end])
        except zlib.error:
            continue


def chart_text_sizes(content):
    """(printed size, text) of each text shown under a Tm."""
    stack, scale, size, out = [], None, None, []
    for tok in TOKEN.findall(content):
        if tok == b"BT":
            scale = None
        elif tok == b"Tm" and len(stack) >= 6:
            a, b, c, d = (float(x) for x in stack[-6:-2])
            scale = abs(a * d - b * c) ** 0.5
        elif tok == b"Tf" and stack:
            size = float(stack[-1])
        elif tok in (b"Tj", b"TJ") and scale is not None and size is not None:
            out.append((size * scale, stack[-1][:40] if stack else b""))
        if re.fullmatch(rb"[A-Za-z*'\"]+", tok):
            stack = []
        else:
            stack.append(tok)
    return out


def main():
    least, bad, files, pieces = float(sys.argv[1]), [], 0, 0
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        sizes = [s for st in streams(data) for s in chart_text_sizes(st)]
        files += 1
        pieces += len(sizes)
        small = [s for s in sizes if s[0] < least - 1e-6]
        if small:
            lo = min(small)
            bad.append(f"{path}: {len(small)} pieces of chart text under {least} pt, "
                       f"the smallest {lo[0]:.2f} pt: {lo[1].decode('latin-1')}")
    for b in bad:
        print(b)
    print(f"{'ok' if not bad and pieces else 'FAIL'}: {pieces} pieces of chart text in "
          f"{files} PDFs, {len(bad)} with text under {least} pt")
    sys.exit(1 if bad or not pieces else 0)


main()
