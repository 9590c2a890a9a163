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
"""A paragraph of content: a bank's statements, descriptions, stage descriptors and advice;
an evidence note typed in the scoring grid."""

TEXT_MAX = 100_000
"""The longest free text the workspace keeps: comments, evidence, engagement details."""


def too_long(text: str, limit: int) -> str | None:
    """Why ``text`` is refused ("is 30,000,000 characters long; at most 5,000 are allowed"),
    or None when it fits."""
    if len(text) <= limit:
        return None
    return f"is {len(text):,} characters long; at most {limit:,} are allowed"
