#!/usr/bin/env python3
"""Reads every picture of a bench manifest with zxing-cpp and ZBar; writes a TSV of outcomes.

Usage: bench_peers.py MANIFEST.tsv OUT.tsv

For each picture and rotation listed: the picture is loaded with Pillow, made greyscale and
rotated (exact quarter turns), and its pixels are taken out once as a numpy array (zxing-cpp)
and as bytes (ZBar), outside any timed region; then each reader is timed on those greyscale
pixels alone, as the Rust side times its decoding of a luma buffer after loading. Pictures of
the screenshot set are read 7 times and timed by the median, as the Rust side does.

Without ZBar's library (Debian's libzbar0), its columns are left empty (0 read, NaN ms).
"""

import statistics
import sys
import time

import numpy
from PIL import Image
import zxingcpp

try:
    import pyzbar.pyzbar as zbar
except ImportError as error:  # libzbar0 missing: zxing-cpp alone
    print(f"ZBar not timed: {error}", file=sys.stderr)
    zbar = None

ROTATE = {0: None, 90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
          270: Image.Transpose.ROTATE_90}


def matches(expected, text, raw):
    if expected is None:
        return False
    if text is not None and text.encode("utf-8") == expected:
        return True
    if raw is not None and raw == expected:
        return True
    strip = lambda b: b.rstrip(b" \t\r\n")
    return text is not None and strip(text.encode("utf-8")) == strip(expected)


def timed(repeats, read):
    """Runs `read` `repeats` times; returns its last result and the median time in ms."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = read()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times)


def main():
    manifest, out_path = sys.argv[1], sys.argv[2]
    rows = [line.rstrip("\n").split("\t") for line in open(manifest, encoding="utf-8")][1:]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("set\timage\trotation\tzxing_read\tzxing_ms\tzbar_read\tzbar_ms\n")
        for set_name, image, expected_path, rotations in rows:
            expected = None if expected_path == "-" else open(expected_path, "rb").read()
            try:
                picture = Image.open(image)
                picture.load()
                picture = picture.convert("L")
            except Exception as error:  # noqa: BLE001 - any unreadable picture is skipped
                print(f"cannot load {image}: {error}", file=sys.stderr)
                continue
            repeats = 7 if "screenshot" in set_name else 1
            for rotation in (int(r) for r in rotations.split(",")):
                rotated = picture if ROTATE[rotation] is None else picture.transpose(ROTATE[rotation])
                # The pixels each reader takes, made before timing: converting a PIL image
                # inside the timed call added about 0.4 ms to zxing-cpp per screenshot.
                pixels = numpy.ascontiguousarray(numpy.asarray(rotated, dtype=numpy.uint8))
                results, zxing_ms = timed(repeats, lambda: zxingcpp.read_barcodes(
                    pixels, formats=zxingcpp.BarcodeFormat.QRCode))
                if zbar is None:
                    symbols, zbar_ms = [], float("nan")
                else:
                    raw = (rotated.tobytes(), rotated.width, rotated.height)
                    symbols, zbar_ms = timed(repeats, lambda: zbar.decode(
                        raw, symbols=[zbar.ZBarSymbol.QRCODE]))
                if expected is None:
                    zxing_read = len(results) > 0
                    zbar_read = len(symbols) > 0
                else:
                    zxing_read = any(matches(expected, r.text, r.bytes) for r in results)
                    zbar_read = any(
                        matches(expected, s.data.decode("utf-8", "replace"), s.data) for s in symbols)
                out.write(f"{set_name}\t{image}\t{rotation}\t{int(zxing_read)}\t{zxing_ms:.3f}"
                          f"\t{int(zbar_read)}\t{zbar_ms:.3f}\n")


if __name__ == "__main__":
    main()
