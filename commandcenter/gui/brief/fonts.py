"""Fonts for the brief, and a fix to the PDF's text layer so Chinese copies and searches correctly.

Two problems of Qt's PDF output with Noto CJK, found by reading our own PDFs back:
1. Latin letters and digits shaped with the font's 'locl' feature (Qt tags the text with a language
   other than zh-Hans) come out as alternate glyphs that the PDF's ToUnicode map does not cover: "E2026"
   extracts as "E". Turning 'locl' off keeps the default (Simplified Chinese) forms and plain digits.
2. Qt's ToUnicode map gives each glyph the lowest code point that maps to it, and Noto CJK maps the
   Kangxi radicals (U+2F00..) and CJK radical supplement (U+2E80..) to the same glyphs as the common
   ideographs: "网" extracts as "⽹" (U+2F79), "页" as "⻚". `fix_pdf_text` rewrites those entries in
   place (same byte length, so the cross-reference table stays valid).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Final

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

SANS: Final = "Noto Sans CJK SC"
SERIF: Final = "Noto Serif CJK SC"
_LOW_RANGE: Final = range(0x2E80, 0x4DC0)  # radicals, CJK symbols, kana, ext. A: all below U+4E00
_IDEOGRAPHS: Final = range(0x4E00, 0xA000)


def missing_families() -> list[str]:
    """The brief's fonts that are not installed (Debian: fonts-noto-cjk)."""
    have = set(QFontDatabase.families())
    return [f for f in (SANS, SERIF) if f not in have]


def brief_font(family: str = SANS, points: float = 10.0, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setFeature(QFont.Tag("locl"), 0)
    return font


@cache
def radical_map() -> dict[int, int]:
    """Code point -> the common ideograph with the same glyph in the brief's fonts."""
    low = "".join(chr(c) for c in _LOW_RANGE)
    high = "".join(chr(c) for c in _IDEOGRAPHS)
    out: dict[int, int] = {}
    for family in (SANS, SERIF):
        for bold in (False, True):
            raw = QRawFont.fromFont(brief_font(family, 10, bold))
            if not raw.isValid():
                continue
            first: dict[int, int] = {}
            for ch, glyph in zip(high, raw.glyphIndexesForString(high), strict=True):
                if glyph and glyph not in first:
                    first[glyph] = ord(ch)
            for ch, glyph in zip(low, raw.glyphIndexesForString(low), strict=True):
                if glyph and glyph in first:
                    out.setdefault(ord(ch), first[glyph])
    return out


_CMAP_BLOCK = re.compile(rb"(begin(bfrange|bfchar)\n)(.*?)(\nend\2)", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _fix_bfchar(body: bytes, mapping: dict[int, int]) -> bytes:
    lines = []
    for line in body.split(b"\n"):
        codes = _HEX.findall(line)
        if len(codes) == 2:  # <glyph> <unicode>
            dst = int(codes[1], 16)
            if dst in mapping:
                line = line[: line.rfind(b"<")] + b"<%04X>" % mapping[dst]
        lines.append(line)
    return b"\n".join(lines)


def _fix_bfrange(body: bytes, mapping: dict[int, int]) -> bytes:
    lines = []
    for line in body.split(b"\n"):
        bracket = line.find(b"[")
        if bracket >= 0:  # <first> <last> [<u1> <u2> ...]: each destination stands alone
            head, tail = line[:bracket], line[bracket:]
            tail = _HEX.sub(lambda mo: _swap(mo, mapping), tail)
            line = head + tail
        else:
            codes = _HEX.findall(line)
            if len(codes) == 3 and codes[0] == codes[1]:  # a one-glyph range: <g> <g> <u>
                dst = int(codes[2], 16)
                if dst in mapping:
                    line = line[: line.rfind(b"<")] + b"<%04X>" % mapping[dst]
        lines.append(line)
    return b"\n".join(lines)


def _swap(mo: re.Match[bytes], mapping: dict[int, int]) -> bytes:
    code = int(mo.group(1), 16)
    return b"<%04X>" % mapping[code] if code in mapping else mo.group(0)


def fix_pdf_text(path: Path) -> int:
    """Rewrite radical code points in the PDF's ToUnicode maps; returns how many maps changed.

    Qt writes those maps uncompressed; if a future Qt compresses them this finds nothing and the PDF
    is left as it was (the brief's tests would then show the radicals again).
    """
    data = path.read_bytes()
    mapping = radical_map()
    changed = 0

    def block(mo: re.Match[bytes]) -> bytes:
        nonlocal changed
        body = mo.group(3)
        fixed = _fix_bfrange(body, mapping) if mo.group(2) == b"bfrange" else _fix_bfchar(body, mapping)
        if fixed != body:
            changed += 1
        return mo.group(1) + fixed + mo.group(4)

    new = _CMAP_BLOCK.sub(block, data)
    if len(new) != len(data):  # never: every replacement keeps its length
        raise AssertionError("ToUnicode fix changed the PDF's length")
    if new != data:
        path.write_bytes(new)
    return changed
