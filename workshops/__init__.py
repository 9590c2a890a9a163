"""Live workshops: join codes, the facilitator secret, who is connecting, limits on guessing
and joining, and group aggregates.

Plain Python like ``assessments`` and ``vendors``: no Streamlit and no SQL. The workspace keeps
sessions, answers and counted attempts; the pages decide who may see what.
"""
from workshops.clients import Client, ProxySettingError, identify, proxy_settings
from workshops.codes import ALPHABET, CODE_LENGTH, display_code, new_code, normalize_code
from workshops.secret import (SECRET_HASH_VARIABLE, SECRET_VARIABLE, SecretError,
                              configured_hash, hash_secret, verify_secret)
from workshops.throttle import Count, Limit
from workshops import links, settings, sign_in

__all__ = ["ALPHABET", "CODE_LENGTH", "Client", "Count", "Limit", "ProxySettingError",
           "SECRET_HASH_VARIABLE", "SECRET_VARIABLE", "SecretError", "configured_hash",
           "display_code", "hash_secret", "identify", "links", "new_code", "normalize_code",
           "proxy_settings", "settings", "sign_in", "verify_secret"]
