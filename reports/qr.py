"""QR codes of join links, drawn by segno (pure Python, no network, no image library).

Encoding picks the best of eight masks, a few tens of milliseconds: the facilitator's page
redraws often and the link rarely changes, so each is made once per link.
"""
from __future__ import annotations

import functools
import io

import segno


@functools.lru_cache(maxsize=16)
def qr_png(text: str, scale: int = 10) -> bytes:
    """A PNG QR code of ``text`` (error correction M, a quiet zone of 2 modules)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


@functools.lru_cache(maxsize=16)
def qr_svg(text: str, scale: int = 10) -> bytes:
    """The same QR code as SVG, for a slide or a printed handout."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="svg", scale=scale, border=2,
                                                  xmldecl=False)
    return buffer.getvalue()
