"""Reading validated data files (TOML) whose errors say exactly where the problem is.

Questionnaire banks (``assessments``) and the vendor catalog and taxonomy (``vendors``) are
data that consultants edit by hand. :class:`FieldReader` reads their fields and raises the
caller's own error type with a message naming the file, the entry and the field:
``culture.toml: dimension 'd1', item 'q1': field 'reverse' must be true or false, not 'yes'``.
"""
from __future__ import annotations

import re
import reprlib
import tomllib
from collections.abc import Iterable
from typing import Any

from datafiles.text import NAME_MAX, PARAGRAPH_MAX, too_long, without_direction_controls

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# How much of a wrong value a message shows: enough to recognize it, never the whole of a huge
# or deeply nested value.
SHOWN_CHARACTERS = 60
# Lists and tables nest a few levels in every data file; far deeper is damage or an attack.
MAX_NESTING = 32
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 3, SHOWN_CHARACTERS, SHOWN_CHARACTERS


def show(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """``repr(value)`` cut short, for messages; safe for any value a file can hold (a huge
    or deeply nested value, an integer too long for ``repr``)."""
    try:
        text = _SHORT.repr(value)
    except (ValueError, RecursionError):     # an int of more than 4,300 digits
        text = (f"a number of about {int(value.bit_length() * 0.30103):,} digits"
                if isinstance(value, int) else f"a {type(value).__name__} value")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def too_deep(value: Any, limit: int = MAX_NESTING) -> bool:
    """True when lists and tables inside ``value`` nest more than ``limit`` levels (a
    structure that refers to itself counts as too deep)."""
    containers = (dict, list, tuple)
    if not isinstance(value, containers):
        return False
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= limit:
            return True
        # Only containers are pushed: a large document is mostly scalars.
        stack.extend((child, depth + 1)
                     for child in (node.values() if isinstance(node, dict) else node)
                     if isinstance(child, containers))
    return False


def parse_toml(text: str, origin: str, error: type[ValueError]) -> dict:
    """``tomllib.loads(text)``; every failure is ``error("<origin>: not valid TOML: ...")``.

    Besides syntax errors this covers what ``tomllib`` raises untyped (values nested too
    deeply for its recursion, integers too long to convert), and it rejects values nested
    more than ``MAX_NESTING`` levels, which no data file of the app needs and which could not
    be written back as TOML.
    """
    deep = f"{origin}: not valid TOML: values are nested more than {MAX_NESTING} levels deep"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{origin}: not valid TOML: {problem}") from None
    except RecursionError:
        raise error(deep) from None
    except ValueError:
        raise error(f"{origin}: not valid TOML: a number has more digits than any value of "
                    "the format needs") from None
    if too_deep(data):
        raise error(deep)
    return data


class FieldReader:
    """Reads fields from parsed TOML; every failure is ``error("<origin>: <where>: <what>")``."""

    def __init__(self, origin: str, error: type[ValueError]):
        self.origin = origin
        self.error = error

    def fail(self, where: str, message: str) -> ValueError:
        """The error to raise for ``message`` about the entry ``where``."""
        return self.error(f"{self.origin}: {where}: {message}")

    @staticmethod
    def _got(value: Any) -> str:
        return "" if value is None else f", not {show(value)}"

    def table(self, data: Any, key: str, where: str) -> dict:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            raise self.fail(where, f"the [{key}] table is missing")
        return value

    def tables(self, data: dict, key: str, where: str, minimum: int = 1) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"field '{key}' must be a list of [[{key}]] tables")
        if len(value) < minimum:
            raise self.fail(where, f"field '{key}' needs at least {minimum} entries, "
                                   f"found {len(value)}")
        return value

    def known(self, data: dict, fields: set[str], where: str) -> None:
        """Reject fields the format does not have (usually a typo)."""
        unknown = sorted(set(data) - fields)
        if unknown:
            raise self.fail(where, f"field '{unknown[0]}' is not a known field "
                                   f"(known: {', '.join(sorted(fields))})")

    def text(self, data: dict, key: str, where: str, optional: bool = False,
             limit: int = PARAGRAPH_MAX) -> str:
        """Non-empty text, stripped, of at most ``limit`` characters (a paragraph by
        default); with ``optional`` a missing field reads as ""."""
        value = data.get(key, "" if optional else None)
        if not isinstance(value, str) or (not optional and not value.strip()):
            raise self.fail(where, f"field '{key}' must be non-empty text{self._got(value)}")
        value = value.strip()
        problem = too_long(value, limit)
        if problem:
            raise self.fail(where, f"field '{key}' {problem}")
        return value

    def name(self, data: dict, key: str, where: str) -> str:
        """A name, title or label: non-empty text of at most ``NAME_MAX`` characters, kept
        without direction controls (see :func:`datafiles.text.clean_name`)."""
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str):
            data = {key: without_direction_controls(value)}
        return self.text(data, key, where, limit=NAME_MAX)

    def optional_text(self, data: dict, key: str, where: str) -> str | None:
        return self.text(data, key, where) if key in data else None

    def ident(self, data: dict, key: str, where: str) -> str:
        value = self.text(data, key, where)
        if not IDENTIFIER.match(value):
            raise self.fail(where, f"field '{key}' must start with a lowercase letter and use "
                                   f"lowercase letters, digits and underscores (at most 40), "
                                   f"not {show(value)}")
        return value

    def choice(self, data: dict, key: str, where: str, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        value = data.get(key)
        if value not in allowed:
            raise self.fail(where, f"field '{key}' must be one of {', '.join(allowed)}"
                                   f"{self._got(value)}")
        return value

    def integer(self, data: dict, key: str, where: str, low: int, high: int) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(where, f"field '{key}' must be a whole number from {low} to {high}"
                                   f"{self._got(value)}")
        return value

    def number(self, data: dict, key: str, where: str, low: float, high: float) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                low <= value <= high):
            raise self.fail(where, f"field '{key}' must be a number from {low:g} to {high:g}"
                                   f"{self._got(value)}")
        return float(value)

    def flag(self, data: dict, key: str, where: str, default: bool | None = None) -> bool:
        """true or false; a missing field reads as ``default`` when one is given."""
        if key not in data and default is not None:
            return default
        value = data.get(key)
        if not isinstance(value, bool):
            raise self.fail(where, f"field '{key}' must be true or false{self._got(value)}")
        return value

    def unique(self, entries: Iterable[tuple[str, str]], what: str, key: str = "id",
               fold: bool = False) -> None:
        """Reject a value of ``key`` used twice; ``entries`` are (owner id, value) pairs."""
        seen: set[str] = set()
        for owner, value in entries:
            folded = value.casefold() if fold else value
            if folded in seen:
                raise self.fail(f"{what} '{owner}'", f"field '{key}' {show(value)} is used twice"
                                + (" (ignoring case)" if fold else ""))
            seen.add(folded)
