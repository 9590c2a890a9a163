"""Masking the personal names a respondent types in a pulse comment.

Kept simple, and honest about it. A comment is stored with these replaced by ``[name]``:

- e-mail addresses (``anna.berg@example.com``) and @handles (``@aberg``);
- a courtesy title and the capitalized words after it (``Mr Smith``, ``Dr. Anna Berg``,
  ``Frau Müller``, ``Mme Dupont``);
- a given name from ``given_names.txt`` (about 270 common names, compared without accents,
  so ``Jürgen`` is ``Jurgen``) written with a capital, with the capitalized word after it
  (the family name: ``Anna Berg``).

It misses names that are not on the list (rare given names, family names alone, nicknames)
and roles that point at one person ("our new CFO"); the respondent is asked not to name
anyone for that reason. Given names that are also everyday words (Will, May, Grace...) are
not on the list, so "Will" at the start of a question is never masked. Masking happens
before a comment is stored: the workspace never holds the name.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

MASK = "[name]"
NAMES_FILE = Path(__file__).with_name("given_names.txt")
_CAPITALIZED = r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@[\w.]{2,}")
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam", "Herr", "Frau",
           "Fr", "Hr", "Monsieur", "Madame", "Mademoiselle", "Mme", "Mlle", "M", "Señor",
           "Señora", "Signor", "Signora", "Dott")
_TITLE = re.compile(r"\b(?:" + "|".join(_TITLES) + r")\.?(?= )")
_WORD = re.compile(_CAPITALIZED)


def _plain(word: str) -> str:
    """The word without accents, as the list compares it ("Jürgen" -> "Jurgen")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The given names that are masked (from ``given_names.txt``)."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_plain(line.strip()) for line in lines
                     if line.strip() and not line.startswith("#"))


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _is_given_name(word: str) -> bool:
    names = given_names()
    return _is_capitalized(word) and any(_plain(part) in names
                                         for part in re.split(r"[-'’]", word) if part)


def _mask_words(text: str) -> str:
    """Given names (with the family name after them) and the capitalized words after a
    title (one or two: "Dr. Anna Berg")."""
    words = list(_WORD.finditer(text))
    titles = {m.start() for m in _TITLE.finditer(text)}
    out, last, index = [], 0, 0
    while index < len(words):
        match = words[index]
        titled = match.start() in titles
        if not (titled or _is_given_name(match.group())):
            index += 1
            continue
        end, taken = match.end(), 0
        # Then the capitalized words right after it (one space between): the family name
        # after a given name; up to two names after a title.
        room = 2 if titled else 1
        while (taken < room and index + 1 < len(words)
               and text[end:words[index + 1].start()] in (" ", ". " if titled and not taken
                                                          else " ")
               and _is_capitalized(words[index + 1].group())):
            index += 1
            taken += 1
            end = words[index].end()
        if titled and not taken:          # "Dr" with no name after it: leave it
            index += 1
            continue
        out.append(text[last:match.start()] + MASK)
        last = end
        index += 1
    out.append(text[last:])
    return "".join(out)


def mask_names(text: str) -> str:
    """``text`` with the personal names this module recognizes replaced by ``[name]``."""
    text = _EMAIL.sub(MASK, text)
    text = _HANDLE.sub(MASK, text)
    return _mask_words(text)
