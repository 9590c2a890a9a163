"""Live workshops: join codes, the facilitator secret, throttling and group aggregates.

Plain Python like ``assessments`` and ``vendors``: no Streamlit and no SQL. The workspace keeps
sessions and answers; the pages decide who may see what.
"""
from workshops.codes import ALPHABET, CODE_LENGTH, display_code, new_code, normalize_code
from workshops.secret import (SECRET_HASH_VARIABLE, SECRET_VARIABLE, SecretError,
                              configured_hash, hash_secret, verify_secret)
from workshops.throttle import Throttle

__all__ = ["ALPHABET", "CODE_LENGTH", "SECRET_HASH_VARIABLE", "SECRET_VARIABLE", "SecretError",
           "Throttle", "configured_hash", "display_code", "hash_secret", "new_code",
           "normalize_code", "verify_secret"]
