"""Checking the workshop settings before anyone is served: ``python -m workshops.settings``.

``python3 dev.py run`` runs this first and refuses to start on a problem; the app runs the
same checks (:func:`problems`) on every page and shows its own message instead of a page.
The settings come from the environment first, then ``.streamlit/secrets.toml``.
"""
from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workshops import company, sign_in
from workshops.clients import ProxySettingError, TRUSTED_HEADER_VARIABLE, proxy_settings
from workshops.secret import SECRET_HASH_VARIABLE, SECRET_VARIABLE, SecretError, configured_hash

SECRETS_FILE = Path(".streamlit") / "secrets.toml"


def problems(environ: Mapping[str, Any], secrets_file: Mapping[str, Any]) -> list[str]:
    """What keeps the configured settings from being used, one message each (empty: none).

    The secret, the proxy settings and the sign-in lifetime are each taken from the environment when it has them,
    else from the secrets file, as the app takes them.
    """
    found = []
    try:
        configured_hash(environ, secrets_file)
    except SecretError as error:
        where = next((name for name in (SECRET_HASH_VARIABLE, SECRET_VARIABLE)
                      if str(environ.get(name, "") or "").strip()
                      or str(secrets_file.get(name, "") or "").strip()), SECRET_VARIABLE)
        found.append(f"{where}: {error}")
    source = environ if str(environ.get(TRUSTED_HEADER_VARIABLE, "") or "").strip() \
        else secrets_file
    try:
        proxy_settings(source)
    except ProxySettingError as error:
        found.append(str(error))
    source = environ if str(environ.get(sign_in.HOURS_VARIABLE, "") or "").strip() \
        else secrets_file
    try:
        sign_in.hours(source)
    except sign_in.SignInSettingError as error:
        found.append(str(error))
    auth = secrets_file.get("auth")
    secret_given = any(str(source.get(name, "") or "").strip() for source in (environ, secrets_file)
                       for name in (SECRET_HASH_VARIABLE, SECRET_VARIABLE))
    found += company.problems(auth if isinstance(auth, Mapping) else None, secret_given)
    return found


def secrets_file(path: Path = SECRETS_FILE) -> dict[str, Any]:
    """The project's ``.streamlit/secrets.toml`` as a dict (empty when there is none).

    Raises:
        SecretError: the file exists but is not valid TOML.
    """
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SecretError(f"{path} cannot be read: {error}") from None


def main() -> int:
    """Print each problem of the settings and return 1, or return 0 when they can be used."""
    try:
        found = problems(os.environ, secrets_file())
    except SecretError as error:
        found = [str(error)]
    for problem in found:
        print(f"SocialReady cannot start: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
