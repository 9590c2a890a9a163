"""How a long export says how far it has got: a callable taking the share done (0 to 1) and
what it is doing ("Writing the answers: 200,000 of 1,550,000")."""
from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


def silent(share: float, step: str) -> None:
    """The progress of an export nobody watches."""


def within(progress: Progress, start: float, end: float) -> Progress:
    """``progress`` for one stage of an export that spans ``start`` to ``end`` of the whole."""
    def stage(share: float, step: str) -> None:
        progress(start + (end - start) * min(1.0, max(0.0, share)), step)
    return stage
