"""Hostile uploads: how fast and in how much memory the upload opener turns them away.

Run from the repository root:

    .venv/bin/python bench/uploads.py

Builds each hostile workbook (XML entity bombs, a workbook of many large sheets, one shared
text shown in hundreds of cells) and the score template of the largest documented engagement
(200 vendors x 200 criteria, 750 characters of evidence per score), then opens each through
``datafiles.workbooks.open_upload`` in a fresh Python process and prints the outcome, the CPU
time and the process's peak resident memory. The large template is also loaded by openpyxl
alone (the floor): the ratio is what measuring the workbook first costs.
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
DRIVER = """
import sys, time
sys.path.insert(0, {root!r})
from datafiles import workbooks
from openpyxl import load_workbook
data = open(sys.argv[2], "rb").read()
start = time.process_time()
class Rejected(ValueError): pass
try:
    if sys.argv[1] == "floor":
        load_workbook(__import__("io").BytesIO(data), data_only=False, keep_links=False)
        outcome = "loaded"
    else:
        book = workbooks.open_upload(data, Rejected, "a score template", "upload a template")
        outcome = "accepted"
except Rejected as error:
    outcome = "rejected: " + str(error)[:70]
cpu = time.process_time() - start
# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss starts at the parent's size.
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))
print(f"{{cpu:.2f}}|{{peak // 1024}}|{{outcome}}")
"""


def _book(sheets: int) -> bytes:
    book = Workbook()
    for n in range(sheets):
        ws = book.active if n == 0 else book.create_sheet()
        ws.title = ("Scores", "Evidence")[n] if n < 2 else f"Sheet {n + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(prolog: bytes, rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b"<worksheet " + MAIN
            + b"><sheetData>" + rows + b"</sheetData></worksheet>")


def _entities(levels: int, seed: bytes) -> bytes:
    declared = [b"<!ENTITY e0 '" + seed + b"'>"] + [
        b'<!ENTITY e%d "%s">' % (n, b"&e%d;" % (n - 1) * 10) for n in range(1, levels)]
    return b"<!DOCTYPE worksheet [" + b"".join(declared) + b"]>"


def hostile_files(folder: Path) -> dict[str, Path]:
    from tests.reliability.fuzz_helpers import rewrite_zip

    files = {}

    def save(name: str, data: bytes) -> None:
        files[name] = folder / f"{len(files)}.xlsx"
        files[name].write_bytes(data)

    laughs = _sheet(_entities(10, b"lol"), b'<row r="1"><c r="A1" t="inlineStr"><is><t>&e9;'
                                           b"</t></is></c></row>")
    save("billion laughs in a cell", rewrite_zip(
        _book(2), lambda n, c: laughs if n == "xl/worksheets/sheet1.xml" else c))
    cells = _sheet(_entities(6, b'<c t="inlineStr"><is><t>lol</t></is></c>'),
                   b'<row r="1">&e5;</row>')
    save("entity of 100,000 cells on 12 sheets", rewrite_zip(
        _book(12), lambda n, c: cells if n.startswith("xl/worksheets/") else c))
    columns = [chr(ord("A") + i).encode() for i in range(10)]
    big = _sheet(b"", b"".join(b'<row r="%d">' % r + b"".join(
        b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in columns) + b"</row>"
        for r in range(1, 20_001)))
    save("8 sheets of 200,000 cells", rewrite_zip(
        _book(9), lambda n, c: big if n.startswith("xl/worksheets/") and not n.endswith(
            "sheet1.xml") else c))
    return files


def large_template(folder: Path) -> Path:
    import numpy as np
    import pandas as pd

    from reports.score_template import score_template

    vendors = [(v, f"Vendor {v:03d}") for v in range(1, 201)]
    criteria = [(f"k{c:03d}", f"Category {c % 10}", f"Criterion {c:03d}") for c in range(200)]
    rng = np.random.default_rng(0)
    current = pd.DataFrame(rng.integers(0, 6, (200, 200)).astype(float),
                           index=[v for v, _ in vendors], columns=[c for c, *_ in criteria])
    note = ("Seen in the vendor's documentation, the demo and two reference calls. " * 11)[:750]
    evidence = pd.DataFrame([(v, c, note) for v, _ in vendors for c, *_ in criteria],
                            columns=["vendor_id", "criterion", "evidence"])
    path = folder / "large-template.xlsx"
    path.write_bytes(score_template("Large", "Scorer", vendors, criteria, current,
                                    evidence=evidence))
    return path


def run(mode: str, path: Path) -> tuple[float, int, str]:
    done = subprocess.run([sys.executable, "-c", DRIVER.format(root=str(ROOT)), mode,
                           str(path)], capture_output=True, text=True, timeout=600)
    if done.returncode:
        return float("nan"), 0, f"failed: {done.stderr.strip().splitlines()[-1][:70]}"
    cpu, rss, outcome = done.stdout.strip().splitlines()[-1].split("|", 2)
    return float(cpu), int(rss), outcome


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        files = hostile_files(Path(folder))
        files["large score template (200 x 200)"] = large_template(Path(folder))
        print(f"{'upload':<40} | {'size':>8} | {'CPU':>7} | {'peak RSS':>8} | outcome")
        for name, path in files.items():
            cpu, rss, outcome = run("open", path)
            print(f"{name:<40} | {path.stat().st_size / 1e3:>6,.0f}kB | {cpu:>6.2f}s | "
                  f"{rss:>5,} MB | {outcome}", flush=True)
        cpu, rss, outcome = run("floor", files["large score template (200 x 200)"])
        print(f"{'  floor: openpyxl load_workbook alone':<40} | {'':>8} | {cpu:>6.2f}s | "
              f"{rss:>5,} MB | {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
