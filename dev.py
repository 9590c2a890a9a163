"""The two commands: ``python3 dev.py run`` starts the app, ``python3 dev.py test`` runs the tests.

Both create ``.venv`` beside this file on first use and install the project into it (again only
when pyproject.toml changes), so a fresh machine needs nothing but Python 3.11.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(extras: str) -> None:
    """Create .venv and install the project with ``extras`` unless already up to date."""
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extras or 'app'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Installing dependencies{f' ({extras})' if extras else ''} ...", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-e", target], check=True,
                   cwd=ROOT)
    stamp.write_text(wanted)


SECRET_KEYS = ("SOCIALREADY_FACILITATOR_SECRET", "SOCIALREADY_FACILITATOR_SECRET_HASH")
LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def secret_configured(environ: dict[str, str], secrets_file: Path) -> bool:
    """Whether a facilitator secret is set (environment or ``.streamlit/secrets.toml``)."""
    if any(environ.get(key, "").strip() for key in SECRET_KEYS):
        return True
    if secrets_file.exists():
        import tomllib

        try:
            data = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return any(str(data.get(key, "")).strip() for key in SECRET_KEYS)
    return False


def serve_arguments(rest: list[str], has_secret: bool) -> list[str]:
    """The ``streamlit run`` options: localhost only, unless a facilitator secret is set.

    With a secret the app listens on every interface so that a room can join; an explicit
    ``--server.address`` wins. Without one, a non-local address is refused.

    Raises:
        SystemExit: a non-local address was asked for without a facilitator secret.
    """
    asked = [rest[i + 1] for i, arg in enumerate(rest[:-1]) if arg == "--server.address"]
    asked += [arg.split("=", 1)[1] for arg in rest if arg.startswith("--server.address=")]
    if asked and asked[-1] not in LOCAL_ADDRESSES and not has_secret:
        raise SystemExit("Serving beyond this machine needs a facilitator secret: set "
                         "SOCIALREADY_FACILITATOR_SECRET (see the README).")
    if has_secret and not asked:
        return ["--server.address", "0.0.0.0", *rest]
    return list(rest)


def settings_usable() -> bool:
    """Run the app's own checks of the facilitator secret and proxy settings in .venv
    (``python -m workshops.settings``), which print what is wrong; whether all is well."""
    return subprocess.call([PYTHON, "-m", "workshops.settings"], cwd=ROOT) == 0


def serve(options: list[str]) -> int:
    """Start the app through serve.py (which refuses Streamlit's /_stcore/metrics to all)
    with these ``streamlit run`` options; its exit code."""
    return subprocess.call([PYTHON, "-m", "streamlit", "run", "serve.py", *options], cwd=ROOT)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "run":
        ensure_environment("")
        if not settings_usable():
            print("Nothing was started: fix the setting above (see README.md, Configuration).",
                  file=sys.stderr, flush=True)
            return 1
        has_secret = secret_configured(dict(os.environ), ROOT / ".streamlit" / "secrets.toml")
        options = serve_arguments(rest, has_secret)
        if has_secret:
            print("Facilitator secret set: serving this computer's network for a workshop.",
                  flush=True)
        return serve(options)
    if command == "test":
        ensure_environment("test")
        return subprocess.call([PYTHON, "-m", "pytest", *rest], cwd=ROOT)
    print(__doc__.strip())
    print("\nusage: python3 dev.py run [streamlit options] | python3 dev.py test [pytest options]")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
