"""A bank in another language, and what its translations lack.

:func:`translated` gives the bank a respondent reads: the same entries and ids, each text in
the chosen language where the bank has it and in English where it does not. Scores never
need it (they go by item id), so answers given in any language pool.
:func:`missing_translations` lists, for each language the bank lists, the entries whose text
is not given in it: an import says so (nothing falls back to English silently).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from assessments.bank import TRANSLATED, Bank, LikertBank
from assessments.languages import ENGLISH, Translations, english_name

# How many entries a message names per language before it says how many more there are.
SHOWN_MISSING = 12


@dataclass(frozen=True)
class Missing:
    """An entry with English text in ``fields`` that has none in ``language``."""
    language: str
    entry: str                 # "item 'c03'", "dimension 'open_sharing', recommendation 2"
    fields: tuple[str, ...]


def _in(language: str, entry: Any, kind: str, **children: Any) -> Any:
    """``entry`` with each translated field in ``language`` (English where missing)."""
    texts: Translations = entry.translations
    changes = {field: texts.get(language, field, getattr(entry, field))
               for field in TRANSLATED[kind]}
    for field, value in changes.items():
        if isinstance(getattr(entry, field), tuple) and isinstance(value, list):
            changes[field] = tuple(value)
    return replace(entry, **changes, **children)


def translated(bank: Bank, language: str) -> Bank:
    """The bank with its text in ``language`` where given, English elsewhere; English (or a
    language the bank does not list) gives the bank itself."""
    if language == ENGLISH or language not in bank.languages:
        return bank
    if isinstance(bank, LikertBank):
        dimensions = tuple(
            _in(language, d, "dimension",
                items=tuple(_in(language, i, "item") for i in d.items),
                recommendations=tuple(_in(language, r, "recommendation")
                                      for r in d.recommendations),
                gap_recommendations=tuple(_in(language, g, "gap_recommendation")
                                          for g in d.gap_recommendations))
            for d in bank.dimensions)
        return _in(language, _in(language, bank, "bank"), "scale",
                   bands=tuple(_in(language, b, "band") for b in bank.bands),
                   dimensions=dimensions,
                   outcomes=tuple(_in(language, o, "outcome") for o in bank.outcomes))
    return replace(_in(language, bank, "bank"),
                   stages=tuple(_in(language, s, "stage") for s in bank.stages),
                   competencies=tuple(
                       _in(language, c, "competency",
                           actions=tuple(_in(language, a, "action") for a in c.actions))
                       for c in bank.competencies))


def _entries(bank: Bank) -> Iterator[tuple[str, Any, str]]:
    """Every entry with translatable text: (how a message names it, the entry, its kind)."""
    yield "the bank's title and description", bank, "bank"
    if isinstance(bank, LikertBank):
        yield "the answer scale", bank, "scale"
        for band in bank.bands:
            yield f"band '{band.id}'", band, "band"
        for d in bank.dimensions:
            yield f"dimension '{d.id}'", d, "dimension"
            for item in d.items:
                yield f"item '{item.id}'", item, "item"
            for number, r in enumerate(d.recommendations, start=1):
                yield f"dimension '{d.id}', recommendation {number}", r, "recommendation"
            for number, g in enumerate(d.gap_recommendations, start=1):
                yield (f"dimension '{d.id}', gap recommendation {number}", g,
                       "gap_recommendation")
        for outcome in bank.outcomes:
            yield f"outcome '{outcome.id}'", outcome, "outcome"
        return
    for stage in bank.stages:
        yield f"stage '{stage.id}'", stage, "stage"
    for c in bank.competencies:
        yield f"competency '{c.id}'", c, "competency"
        for number, a in enumerate(c.actions, start=1):
            yield f"competency '{c.id}', action {number}", a, "action"


def missing_translations(bank: Bank) -> list[Missing]:
    """For each language the bank lists, the entries with English text not given in it (an
    empty optional English field, such as a description left out, needs no translation)."""
    found = []
    for language in bank.languages:
        for name, entry, kind in _entries(bank):
            fields = tuple(field for field in TRANSLATED[kind]
                           if getattr(entry, field) and not entry.translations.has(language,
                                                                                     field))
            if fields:
                found.append(Missing(language, name, fields))
    return found


def missing_text(missing: list[Missing], shown: int = SHOWN_MISSING) -> list[str]:
    """One line per language of what lacks a translation, naming the entries and fields
    (the first ``shown``, then how many more): ``German: item 'c03' (text), ...``."""
    lines = []
    for language in dict.fromkeys(m.language for m in missing):
        mine = [m for m in missing if m.language == language]
        named = [f"{m.entry} ({', '.join(m.fields)})" for m in mine[:shown]]
        more = f", and {len(mine) - shown} more" if len(mine) > shown else ""
        lines.append(f"{english_name(language)} ({language}): {len(mine)} "
                     f"{'entry' if len(mine) == 1 else 'entries'} shown in English: "
                     + "; ".join(named) + more)
    return lines
