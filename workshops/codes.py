"""Join codes: short, typed by people reading them off a projector, so nothing ambiguous.

The alphabet leaves out characters that look or sound alike (0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B,
G, U/V). Six characters of the 20 left give 64 million codes; codes are drawn with
``secrets`` and shown in two groups of three (``ACE-479``).
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "ACEFHJKMNPRTWXY34679"
CODE_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_code() -> str:
    """A new random join code (``CODE_LENGTH`` characters of ``ALPHABET``)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """The code someone typed, in canonical form; None if it cannot be a code at all.

    Case, spaces and dashes do not matter (``ace 479`` and ``ACE-479`` are the same code).
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def display_code(code: str) -> str:
    """A code as shown on screen: two groups of three (``ACE-479``)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"
