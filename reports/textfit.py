"""How wide text is, so that slides and PDF pages wrap and size it to fit.

Advance widths (thousandths of an em) of Liberation Sans, regular and bold: the font the PDF
uses (vl-convert bundles it) and metric-compatible with Arial, the font of the PowerPoint
deck, so a line measured here fits in both. Characters outside the table count as an "M"
(wide East Asian characters as a full em), so unknown text is over- rather than
under-estimated.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_CHARACTERS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ–—‘’“”…•·−€←→≤≥'
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584, 278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584,
    0, 737, 552, 400, 549, 333, 333, 333, 576, 537, 278, 333, 333, 365, 556, 834, 834, 834,
    611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722,
    722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556,
    556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 549, 611, 556, 556, 556, 556, 500, 556, 500, 556, 1000, 222, 222, 333, 333,
    1000, 350, 278, 584, 556, 1000, 1000, 549, 549)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584, 278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584,
    0, 737, 552, 400, 549, 333, 333, 333, 576, 556, 278, 333, 333, 365, 556, 834, 834, 834,
    611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722,
    722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556,
    556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611,
    611, 611, 549, 611, 611, 611, 611, 611, 556, 611, 556, 556, 1000, 278, 278, 500, 500,
    1000, 350, 278, 584, 556, 1000, 1000, 549, 549)
_WIDTHS = {False: dict(zip(_CHARACTERS, _REGULAR)), True: dict(zip(_CHARACTERS, _BOLD))}
_UNKNOWN = {False: 833, True: 833}
#: The height of a line as a share of the font size (Liberation Sans, with the leading
#: PowerPoint and LibreOffice put between lines).
LINE_HEIGHT = 1.2


def _width(character: str, bold: bool) -> int:
    known = _WIDTHS[bold].get(character)
    if known is not None:
        return known
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Cf"):
        return 0
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1000
    return _UNKNOWN[bold]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` on one line at ``size`` points, in points."""
    return _em_width(text, bold) * size / 1000


@lru_cache(maxsize=65536)
def _em_width(text: str, bold: bool) -> int:
    # Slides measure the same words and cells many times while they find a size that fits.
    return sum(_width(c, bold) for c in text)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` points at ``size`` (a word too long for a line
    is cut where it must be); white space runs count as one space, "\n" starts a line."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def clip(lines: list[str], count: int, width: float, size: float,
         bold: bool = False) -> list[str]:
    """At most ``count`` of ``lines``; a cut shows as "…" at the end of the last one."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    last = kept[-1]
    while last and text_width(last + " …", size, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + " …"
    return kept
