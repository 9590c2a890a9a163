"""Peak memory of one backup or one restore, in a process of its own.

Run by ``bench/run.py`` (group "backup"); by hand, from the repository root:

    .venv/bin/python bench/backup_memory.py backup WORKSPACE ENGAGEMENT_ID
    .venv/bin/python bench/backup_memory.py restore BACKUP_FILE
    .venv/bin/python bench/backup_memory.py workbook WORKSPACE ENGAGEMENT_ID
    .venv/bin/python bench/backup_memory.py floor WORKSPACE

``backup`` writes the engagement's backup (and throws it away), ``workbook`` its Excel
workbook (the Exports page's), ``restore`` restores a
backup file into a new workspace in a temporary folder, ``floor`` only imports the app's
packages and opens the workspace, as both others do first. Each prints the process's peak
resident memory (bytes) on its last line.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import workspace  # noqa: E402


def peak_bytes() -> int:
    """The peak resident memory of this process so far: Linux's VmHWM. (``ru_maxrss`` would
    also count the parent's memory, which a process started by fork keeps until exec.)"""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024


def main(argv: list[str]) -> int:
    action, target, *rest = argv
    if action == "backup":
        db = workspace.open_workspace(target, seed_example_engagement=False)
        workspace.backup_bytes(db, int(rest[0]))
    elif action == "workbook":
        from outcomes.cli import export_bytes

        export_bytes(workspace.open_workspace(target, seed_example_engagement=False),
                     int(rest[0]), "xlsx")
    elif action == "restore":
        data = Path(target).read_bytes()
        with tempfile.TemporaryDirectory(prefix="socialready-restore-") as folder:
            db = workspace.open_workspace(Path(folder) / "workspace.db",
                                          seed_example_engagement=False)
            workspace.restore_engagement(db, data)
            db.close()
    elif action == "floor":
        workspace.open_workspace(target, seed_example_engagement=False)
    else:
        raise SystemExit(f"unknown action {action!r}: backup, workbook, restore or floor")
    print(peak_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
