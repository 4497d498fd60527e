#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks the files `clusterkin plot` writes, with the standard library only.

  plot_check.py png FILE W H       IHDR size, decodes every scanline, not blank
  plot_check.py pngsize FILE W H   signature and IHDR size only (large images)
  plot_check.py svg FILE W H       XML with an <svg> root of that size, drawn paths
  plot_check.py pdf FILE W H       %PDF header, %%EOF trailer, MediaBox of that size
  plot_check.py column FILE X Y0 Y1   luminance along pixel column X from row Y1 up
                                    to row Y0 must not decrease (sequential map)
  plot_check.py pixel FILE X Y     prints the RGB of one pixel

The PNG decoder is written here from the PNG specification (zlib stream of
filtered scanlines, filters 0-4), so the check does not rely on the library
that wrote the file."""
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

MIN_COLOURS = 8        # a blank or one-line image has far fewer
MIN_LUMA_STD = 8.0     # grey-level standard deviation, 0..255


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG signature")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]:
            fail(f"{path}: bad CRC in chunk {kind}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None:
        fail(f"{path}: no IHDR")
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace != 0:
        fail(f"{path}: unexpected PNG format depth={depth} colour type={ctype}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        fail(f"{path}: {len(raw)} bytes of scanlines, expected {h * (stride + 1)}")
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
            elif f != 0:
                fail(f"{path}: filter {f} on row {y}")
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def rgb(rows, bpp, x, y):
    p = rows[y][x * bpp:x * bpp + 3]
    return p[0], p[1], p[2]


def luma(p):
    return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]


def check_png(path, w, h):
    pw, ph, bpp, rows = read_png(path)
    if (pw, ph) != (w, h):
        fail(f"{path}: {pw}x{ph}, expected {w}x{h}")
    colours, n, s, s2 = set(), 0, 0.0, 0.0
    for y in range(0, ph, 2):
        for x in range(0, pw, 2):
            p = rgb(rows, bpp, x, y)
            colours.add(p)
            v = luma(p)
            n, s, s2 = n + 1, s + v, s2 + v * v
    std = max(s2 / n - (s / n) ** 2, 0.0) ** 0.5
    if len(colours) < MIN_COLOURS or std < MIN_LUMA_STD:
        fail(f"{path}: looks blank ({len(colours)} colours, grey-level std {std:.1f})")


def check_svg(path, w, h):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        fail(f"{path}: root element {root.tag}")
    size = (root.get("width"), root.get("height"))
    if size != (f"{w}pt", f"{h}pt"):
        fail(f"{path}: size {size}, expected {w}pt x {h}pt")
    paths = sum(1 for e in root.iter() if e.tag.endswith("path"))
    if paths < 20:
        fail(f"{path}: only {paths} paths drawn")


def check_pdf(path, w, h):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        fail(f"{path}: no %PDF header")
    if not data.rstrip().endswith(b"%%EOF"):
        fail(f"{path}: no %%EOF trailer")
    if f"/MediaBox [ 0 0 {w} {h} ]".encode() not in data:
        fail(f"{path}: no MediaBox of {w} x {h}")
    if len(data) < 2000:
        fail(f"{path}: only {len(data)} bytes")


def check_column(path, x, y0, y1):
    _, _, bpp, rows = read_png(path)
    raw = [luma(rgb(rows, bpp, x, y)) for y in range(y1, y0 - 1, -1)]  # bottom to top
    # Median of 7 pixels: anti-aliased seams between shade bands are 1-2 px.
    values = [sorted(raw[max(0, i - 3):i + 4])[len(raw[max(0, i - 3):i + 4]) // 2]
              for i in range(len(raw))]
    drops = [(i, a, b) for i, (a, b) in enumerate(zip(values, values[1:])) if b < a - 1.0]
    if drops or values[-1] - values[0] < 100:
        fail(f"{path}: luminance along column {x} not rising: {values[0]:.0f} .. "
             f"{values[-1]:.0f}, drops {drops[:3]}")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    nums = [int(a) for a in sys.argv[3:]]
    if kind == "png":
        check_png(path, *nums)
    elif kind == "pngsize":
        data = open(path, "rb").read(24)
        if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
            fail(f"{path}: not a PNG")
        if struct.unpack(">II", data[16:24]) != tuple(nums):
            fail(f"{path}: size {struct.unpack('>II', data[16:24])}, expected {nums}")
    elif kind == "svg":
        check_svg(path, *nums)
    elif kind == "pdf":
        check_pdf(path, *nums)
    elif kind == "column":
        check_column(path, *nums)
    elif kind == "pixel":
        _, _, bpp, rows = read_png(path)
        print(*rgb(rows, bpp, *nums))
    else:
        fail(f"unknown check {kind}")


if __name__ == "__main__":
    main()
