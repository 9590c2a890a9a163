"""Reading validated data files (TOML) whose errors say exactly where the problem is.

Questionnaire banks (``assessments``) and the vendor catalog and taxonomy (``vendors``) are
data that consultants edit by hand. :class:`FieldReader` reads their fields and raises the
caller's own error type with a message naming the file, the entry and the field:
``culture.toml: dimension 'd1', item 'q1': field 'reverse' must be true or false, not 'yes'``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


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
        return "" if value is None else f", not {value!r}"

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

    def text(self, data: dict, key: str, where: str, optional: bool = False) -> str:
        """Non-empty text, stripped; with ``optional`` a missing field reads as ""."""
        value = data.get(key, "" if optional else None)
        if not isinstance(value, str) or (not optional and not value.strip()):
            raise self.fail(where, f"field '{key}' must be non-empty text{self._got(value)}")
        return value.strip()

    def optional_text(self, data: dict, key: str, where: str) -> str | None:
        return self.text(data, key, where) if key in data else None

    def ident(self, data: dict, key: str, where: str) -> str:
        value = self.text(data, key, where)
        if not IDENTIFIER.match(value):
            raise self.fail(where, f"field '{key}' must start with a lowercase letter and use "
                                   f"lowercase letters, digits and underscores (at most 40), "
                                   f"not {value!r}")
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
                raise self.fail(f"{what} '{owner}'", f"field '{key}' {value!r} is used twice"
                                + (" (ignoring case)" if fold else ""))
            seen.add(folded)
