"""How long a text the app accepts, wherever it comes from.

One set of limits for what a person types (the pages' ``max_chars``, the workspace's checks)
and for what a file brings (bank TOML files, bank workbooks, score templates, backups), so
that no text reaches a page or an export longer than the app would take from a person.
"""
from __future__ import annotations

NAME_MAX = 200
"""A name, title or label: engagements, people, vendors, categories, criteria, a bank's
title, dimensions, competencies, stages, answer labels, recommendation titles."""

PARAGRAPH_MAX = 5_000
"""A paragraph of a bank: statements, descriptions, stage descriptors and advice (the shipped
banks' longest is under 500 characters)."""

TEXT_MAX = 100_000
"""The longest free text the workspace keeps: comments, evidence (typed in the scoring grid
or read from a score template), engagement details."""


def too_long(text: str, limit: int) -> str | None:
    """Why ``text`` is refused ("is 30,000,000 characters long; at most 5,000 are allowed"),
    or None when it fits."""
    if len(text) <= limit:
        return None
    return f"is {len(text):,} characters long; at most {limit:,} are allowed"


DIRECTION_CONTROLS = ("\u061c\u200e\u200f"              # Arabic letter mark, LRM, RLM
                      "\u202a\u202b\u202c\u202d\u202e"  # embeddings, overrides, pop
                      "\u2066\u2067\u2068\u2069")       # isolates, pop isolate
"""Characters that change the order in which text around them is shown: in a name, U+202E
makes ``"\\u202egnp.exe"`` read as ``exe.png`` and can reverse the app's own words after it."""
_NO_DIRECTION = str.maketrans("", "", DIRECTION_CONTROLS)


def without_direction_controls(text: str) -> str:
    """``text`` without :data:`DIRECTION_CONTROLS` (letters keep their own direction)."""
    return text.translate(_NO_DIRECTION)


def clean_name(text: str) -> str:
    """A name, title or label as it is kept: direction controls and NUL characters removed
    (the workspace keeps no NUL in any text: PostgreSQL cannot), ends stripped."""
    return without_direction_controls(text).replace("\x00", "").strip()
