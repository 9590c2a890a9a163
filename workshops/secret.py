"""The facilitator secret: configured once, kept and compared only as a salted hash.

Configure either ``SOCIALREADY_FACILITATOR_SECRET_HASH`` (a hash made by
``python -m workshops.secret``, so the plain secret is never written anywhere) or
``SOCIALREADY_FACILITATOR_SECRET`` (the plain secret, hashed with a fresh salt as soon as it is
read). The same two names work as keys in Streamlit's ``secrets.toml``. Hashes are scrypt
(``scrypt$n$r$p$salt$hash``, base64), compared in constant time.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from collections.abc import Mapping
from typing import Any

SECRET_VARIABLE = "SOCIALREADY_FACILITATOR_SECRET"
SECRET_HASH_VARIABLE = "SOCIALREADY_FACILITATOR_SECRET_HASH"
#: The weakest plain secret accepted: this many characters, with MIN_DIFFERENT different ones.
#: (A hash hides its secret's length, so only ``python -m workshops.secret`` can check it.)
MIN_LENGTH, MIN_DIFFERENT = 12, 6
_N, _R, _P = 2 ** 14, 8, 1
# Memory one check may use; OpenSSL's scrypt needs 128 * r * (n + p + 2) bytes.
_MAXMEM = 256 * 1024 * 1024


class SecretError(ValueError):
    """The configured secret or hash cannot be used (the message says why)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``secret`` in the form ``scrypt$n$r$p$salt$hash``.

    Raises:
        SecretError: the secret has fewer than ``MIN_LENGTH`` characters or fewer than
            ``MIN_DIFFERENT`` different ones.
    """
    if len(secret) < MIN_LENGTH or len(set(secret)) < MIN_DIFFERENT:
        raise SecretError(f"The facilitator secret must have at least {MIN_LENGTH} characters, "
                          f"{MIN_DIFFERENT} of them different (four random words make a good "
                          "one).")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise SecretError("The facilitator secret hash is not in the form "
                          "scrypt$n$r$p$salt$hash; make one with `python -m workshops.secret`.")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(
            parts[5], validate=True)
    except ValueError as error:
        raise SecretError("The facilitator secret hash is damaged; make a new one with "
                          "`python -m workshops.secret`.") from error
    if not (2 <= n <= 2 ** 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
            and 128 * r * (n + p + 2) <= _MAXMEM
            and len(salt) >= 8 and len(digest) == 32):
        raise SecretError("The facilitator secret hash has parameters outside the safe range; "
                          "make a new one with `python -m workshops.secret`.")
    return n, r, p, salt, digest


def verify_secret(attempt: str, encoded: str) -> bool:
    """Whether ``attempt`` is the secret that ``encoded`` was made from (constant-time)."""
    n, r, p, salt, digest = _parse(encoded)
    if not isinstance(attempt, str) or len(attempt) > 1024:
        return False
    candidate = hashlib.scrypt(attempt.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                               maxmem=_MAXMEM, dklen=len(digest))
    return hmac.compare_digest(candidate, digest)


def configured_hash(environ: Mapping[str, str] | None = None,
                    secrets_file: Mapping[str, Any] | None = None) -> str | None:
    """The facilitator secret's hash from the environment or Streamlit secrets, or None.

    The environment wins over the secrets file; a hash wins over a plain secret, which is
    hashed at once (the plain text is not kept). None means single-user local mode.

    Raises:
        SecretError: what is configured cannot be used (too short, or a damaged hash).
    """
    environ = os.environ if environ is None else environ
    for source in (environ, secrets_file or {}):
        encoded = str(source.get(SECRET_HASH_VARIABLE, "") or "").strip()
        if encoded:
            _parse(encoded)
            return encoded
        plain = str(source.get(SECRET_VARIABLE, "") or "")
        if plain.strip():
            return hash_secret(plain)
    return None


def main() -> int:
    """Ask for a secret twice and print its hash for ``SOCIALREADY_FACILITATOR_SECRET_HASH``."""
    first = getpass.getpass("Facilitator secret: ")
    if getpass.getpass("Again: ") != first:
        print("The two entries differ; nothing was made.", file=sys.stderr)
        return 1
    try:
        print(hash_secret(first))
    except SecretError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
