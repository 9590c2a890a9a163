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


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "run":
        ensure_environment("")
        return subprocess.call([PYTHON, "-m", "streamlit", "run", "app.py", *rest], cwd=ROOT)
    if command == "test":
        ensure_environment("test")
        return subprocess.call([PYTHON, "-m", "pytest", *rest], cwd=ROOT)
    print(__doc__.strip())
    print("\nusage: python3 dev.py run [streamlit options] | python3 dev.py test [pytest options]")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
