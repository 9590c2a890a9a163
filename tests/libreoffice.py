"""LibreOffice headless for tests: open files as a client's spreadsheet would and save them
as .xlsx (recomputed) or CSV, so tests can read what the spreadsheet made of them.

Without ``soffice`` the tests skip with the reason, unless ``SOCIALREADY_REQUIRE_LIBREOFFICE=1``
(``.ci/run``) makes a missing LibreOffice a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

CSV_TRIMMED = "44,34,76,1,,0,false,true,false,false,true,-1,true"
"""CSV import options a person may pick: comma, double quote, UTF-8, from line 1, detect
special numbers, trim spaces, evaluate formulas (LibreOffice's default trims nothing)."""


def soffice() -> str:
    """The LibreOffice program; skips the test (or fails it under CI) when there is none."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        reason = ("LibreOffice (soffice) is not installed; install Debian's libreoffice-calc "
                  "to recompute exported workbooks")
        if os.environ.get("SOCIALREADY_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason + " (SOCIALREADY_REQUIRE_LIBREOFFICE=1)")
        pytest.skip(reason)
    return office


def convert(sources: list[Path], folder: Path, target: str = "xlsx",
            infilter: str | None = None, timeout: int = 300) -> dict[Path, Path]:
    """Open each file in LibreOffice and save it into ``folder`` as ``target`` (a format, with
    filter options if any); one LibreOffice run for all. Returns source -> converted file.

    Sources must have distinct stems (the converted files are named after them). A CSV source
    is read with ``infilter`` options (``CSV_TRIMMED``) or LibreOffice's defaults.
    """
    folder.mkdir(parents=True, exist_ok=True)
    # A throwaway profile per run: parallel runs do not clash, HOME does not matter.
    command = [soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--headless", "--norestore", "--calc"]
    if infilter:
        command.append(f"--infilter=CSV:{infilter}")
    command += ["--convert-to", target, "--outdir", str(folder), *map(str, sources)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "HOME": str(folder)})
    extension = target.split(":")[0]
    converted = {}
    for source in sources:
        # One sheet exported as CSV is named after it: workbook-Ranking.csv.
        found = [folder / f"{source.stem}.{extension}",
                 *sorted(folder.glob(f"{source.stem}-*.{extension}"))]
        converted[source] = next((path for path in found if path.exists()), None)
    missing = [str(s) for s, c in converted.items() if c is None]
    assert not missing, f"LibreOffice did not convert {missing}: {done.stdout}{done.stderr}"
    return converted


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """Every cell of an .xlsx that holds a formula, as (sheet, coordinate) -> formula."""
    book = openpyxl.load_workbook(path, data_only=False)
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
                    found[ws.title, cell.coordinate] = str(getattr(value, "text", value))
    return found
