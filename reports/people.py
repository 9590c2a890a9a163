"""How people are named in exports: as they typed it, or "Participant 1", "Participant 2", ...

Every export that names people (workbook, CSV) numbers them the same way: in order of first
appearance among the questionnaire answers, then among the vendor scores.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def pseudonyms(*names_in_order: Iterable[object], include_names: bool = False
               ) -> Mapping[object, str]:
    """Name -> what exports show for it: the name itself when ``include_names``, otherwise
    "Participant n" numbered by first appearance across ``names_in_order``."""
    names = list(dict.fromkeys(name for group in names_in_order for name in group))
    if include_names:
        return {name: str(name) for name in names}
    return {name: f"Participant {n}" for n, name in enumerate(names, start=1)}
