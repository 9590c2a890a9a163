"""SocialReady benchmark: each figure beside a floor measured in the same run.

Run from the repository root:

    .venv/bin/python bench/run.py [--sizes small,workshop,large] [--repeat N]
    .venv/bin/python bench/run.py --sizes small,workshop,large,pulse --only backup
    .venv/bin/python bench/run.py --only pulse [--pulse-respondents 10000]

Generates synthetic engagements (DESIGN.md "Quality" sizes) in a temporary workspace file
through the project's own APIs, then prints a table of figure | median | floor | ratio |
target | met. Medians are over --repeat runs (default 5); the figure and its floor are
measured alternately in the same process. Cold start and server memory (group "server")
start real servers and look at them in Debian's headless Chromium (playwright, a test extra);
group "room" runs 100 phones over the websocket through a real server with the presenter
view open (bench/room_load.py, which also sweeps room sizes on its own).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

import altair as alt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import workspace  # noqa: E402
from assessments import load_bank  # noqa: E402

SIZES = {  # vendors, criteria, participants
    "small": (7, 30, 8),
    "workshop": (20, 60, 40),
    "large": (200, 200, 2000),
    # The organization-wide pulse to come (DESIGN.md): not a default size; the backup group
    # measures it so that the limits on backup files are known to hold for it.
    "pulse": (200, 200, 10_000),
}
DEFAULT_SIZES = "small,workshop,large"
GROUPS = ("domain", "excel", "charts", "pack", "pages", "server", "backup", "pulse", "room")
#: The organization-wide pulse (group "pulse"): respondents in one campaign, and the people
#: answering at once while the saves are timed (DESIGN.md: 40 others).
PULSE_RESPONDENTS = 10_000
PULSE_OTHERS = 40
PULSE_SAVE_LIMIT = 0.100        # p95 of a respondent's save, seconds (issue: under 100 ms)
PAGE_TARGETS = {"workshop": 2.0, "large": 5.0}
SLOW = 60.0        # a single measurement longer than this is taken once
SCORERS = 2


@dataclass
class Row:
    figure: str
    median: float
    floor: float | None
    target: float | None = None
    note: str = ""
    runs: int = 0
    unit: str = "s"   # "s" (seconds) or "B" (bytes)
    limit: float | None = None    # an absolute target for the figure itself (seconds)

    @property
    def ratio(self) -> float | None:
        return self.median / self.floor if self.floor else None

    @property
    def met(self) -> str:
        if self.limit is not None:
            return "yes" if self.median <= self.limit else "NO"
        if self.target is None or self.ratio is None:
            return "-"
        return "yes" if self.ratio <= self.target else "NO"


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {format_row(row)}", flush=True)


def ms(seconds: float | None, unit: str = "s") -> str:
    if seconds is None:
        return "-"
    if unit == "B":
        return (f"{seconds / 2**20:,.0f} MB" if seconds >= 10 * 2**20
                else f"{seconds / 2**10:,.0f} KB")
    return f"{seconds * 1000:,.1f} ms"


def format_row(row: Row) -> str:
    ratio = "-" if row.ratio is None else f"{row.ratio:.2f}x"
    target = ("-" if row.target is None and row.limit is None
              else f"< {ms(row.limit)}" if row.limit is not None else f"<= {row.target:g}x")
    note = f"  ({row.note})" if row.note else ""
    figure, floor = ms(row.median, row.unit), ms(row.floor, row.unit)
    return (f"{row.figure:<42} | {figure:>12} | {floor:>12} | {ratio:>8} | "
            f"{target:>8} | {row.met:>3}{note}")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(figure, floor, repeat: int) -> tuple[float, float, int]:
    """Medians of figure and floor, measured alternately; one warm-up of each first."""
    first = timed(figure)
    base = timed(floor)
    if max(first, base) > SLOW:   # a minute or more each: the first pair is the measurement
        return first, base, 1
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(figure))
        b.append(timed(floor))
    return statistics.median(a), statistics.median(b), repeat


# ---------------------------------------------------------------- synthetic engagements

def build_engagement(db, size: str, seed: int = 1) -> int:
    """One engagement of the given size; returns its id."""
    vendors, n_criteria, n_people = SIZES[size]
    rng = np.random.default_rng(seed)
    culture, maturity = load_bank("culture"), load_bank("maturity")
    n_categories = max(5, min(10, n_criteria // 10))
    categories = [{"id": f"cat{k:02d}", "name": f"Category {k + 1}",
                   "description": f"Synthetic category {k + 1}"} for k in range(n_categories)]
    criteria = [{"id": f"k{i:03d}", "category": f"cat{i % n_categories:02d}",
                 "name": f"Criterion {i + 1:03d}", "description": "Synthetic criterion",
                 "direction": "cost" if i % 7 == 3 else "benefit",
                 "must_have": i % 15 == 0, "min_score": 1.0 if i % 15 == 0 else 0.0}
                for i in range(n_criteria)]
    with workspace.write(db):
        engagement = workspace.create_engagement(db, f"Bench {size}")
        # Everyone joins one live workshop session, so the facilitator's live view and the
        # participants' pages have the whole room to show.
        session = workspace.open_session(db, engagement.id, workspace.TASKS,
                                         max_participants=max(100, n_people))
        people = [workspace.join_session(db, session.code, f"Participant {i + 1:04d}")
                  for i in range(n_people)]
        workspace.update_session(db, session.id, reveal=True)
        answers = []
        for person in people:
            bias = rng.normal(0, 0.4)
            for item in culture.items:
                if rng.random() < 0.04:
                    answers.append(workspace.Answer(person.id, culture.id, item.id, None,
                                                    dont_know=True))
                    continue
                value = int(np.clip(round(rng.normal(3.2 + bias, 0.8)), 1, culture.scale_max))
                answers.append(workspace.Answer(person.id, culture.id, item.id, value))
            for competency in maturity.competencies:
                stage = int(np.clip(round(rng.normal(2.2 + bias, 0.7)), 1, 4))
                answers.append(workspace.Answer(person.id, maturity.id, competency.id, stage))
        workspace.save_answers(db, answers)
        workspace.import_taxonomy(db, engagement.id, categories, criteria)
        stored = workspace.list_criteria(db, engagement.id)
        scores = []
        for v in range(vendors):
            vendor = workspace.add_vendor(db, engagement.id, f"Vendor {v + 1:03d}",
                                          f"Company {v + 1:03d}")
            quality = rng.normal(3.0, 0.5)
            for criterion in stored:
                base = quality + rng.normal(0, 0.8)
                for scorer in people[:SCORERS]:
                    value = float(np.clip(round((base + rng.normal(0, 0.4)) * 2) / 2, 0, 5))
                    # A short note on every score: a workshop participant keeps at most
                    # 200,000 characters, and the large size has 40,000 scores each.
                    scores.append(workspace.Score(scorer.id, vendor.id, criterion.id, value,
                                                  "Demo"))
            if v < vendors - 1:       # cost data for every vendor but the last (said missing)
                workspace.costs.save_cost(db, engagement.id, vendor.id, workspace.costs.VendorCost(
                    5.0 + v % 20, 1_000, 10_000.0 * (v % 5), 3))
        workspace.save_scores(db, scores)
        categories_used = sorted({c["category"] for c in criteria})
        for person in people:
            points = rng.multinomial(100, rng.dirichlet(np.ones(len(categories_used))))
            workspace.save_participant_weights(
                db, person.id, "categories", "points",
                {c: int(k) for c, k in zip(categories_used, points)})
    return engagement.id


# ---------------------------------------------------------------- domain figures

def numpy_acceptability(values: np.ndarray, w: np.ndarray, draws: int, concentration: float
                        ) -> np.ndarray:
    """The plain implementation: Dirichlet draw, matrix product, argsort, counts."""
    vendors = values.shape[0]
    drawn = np.random.default_rng(0).dirichlet(concentration * w, size=draws)
    totals = drawn @ values.T
    order = np.argsort(-totals, axis=1)            # order[d, r] = vendor at rank r
    counts = np.bincount((order * vendors + np.arange(vendors)).ravel(),
                         minlength=vendors * vendors).reshape(vendors, vendors)
    return counts / draws


def bench_acceptability(results: Results, size: str, platforms, repeat: int) -> None:
    from vendors import scoring, sensitivity
    decision = platforms.decision
    matrix, weights = platforms.matrix, decision.weights
    oriented = scoring.benefit_scores(matrix, decision.directions).to_numpy()
    w = weights.reindex(matrix.columns).to_numpy()
    w = w / w.sum()
    keep = w > 0
    figure = lambda: sensitivity.rank_acceptability(  # noqa: E731
        matrix, weights, draws=10_000, seed=0, directions=decision.directions)
    floor = lambda: numpy_acceptability(oriented[:, keep], w[keep], 10_000, 100.0)  # noqa: E731
    a, b, runs = paired(figure, floor, repeat)
    results.add(Row(f"rank_acceptability 10k draws @{size}", a, b, 1.0, runs=runs,
                    note=f"{matrix.shape[0]}x{matrix.shape[1]}"))


def bench_ahp(results: Results, repeat: int) -> None:
    from vendors import weighting
    rng = np.random.default_rng(0)
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    n = 15
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = rng.choice(scale)
            a[j, i] = 1 / a[i, j]
    a_list = a.tolist()
    figure = lambda: weighting.ahp_weights(a_list)  # noqa: E731
    floor = lambda: np.linalg.eig(a)  # noqa: E731
    x, y, runs = paired(figure, floor, max(repeat, 50))
    results.add(Row("ahp_weights n=15", x, y, 2.0, runs=runs, note="input as nested list"))


def pandas_excel(export) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in ("culture", "maturity", "recommendations", "criteria", "scores",
                     "evidence", "responses"):
            getattr(export, name).to_excel(writer, sheet_name=name)
    return buffer.getvalue()


def bench_excel(results: Results, size: str, db, engagement, repeat: int) -> None:
    from outcomes.exports import workbook_input
    from reports.excel import engagement_workbook
    export = workbook_input(db, engagement, today="2026-01-01")
    figure = lambda: engagement_workbook(export)  # noqa: E731
    floor = lambda: pandas_excel(export)  # noqa: E731
    a, b, runs = paired(figure, floor, repeat)
    results.add(Row(f"engagement_workbook @{size}", a, b, 2.0, runs=runs,
                    note=f"{len(export.responses):,} answers, {len(export.evidence):,} scores"))


def bench_charts(results: Results, size: str, platforms, repeat: int) -> None:
    from reports import charts, images
    chart = charts.ranking_chart(platforms.contributions)
    single = alt.Chart(pd.DataFrame({"vendor": ["A"], "score": [3.0]})).mark_bar().encode(
        x="score:Q", y="vendor:N")
    for name, render in (("PNG", images.chart_png), ("SVG", images.chart_svg)):
        a, b, runs = paired(lambda: render(chart), lambda: render(single), repeat)
        results.add(Row(f"ranking chart {name} @{size}", a, b, None, runs=runs,
                        note="floor: 1-bar chart; no target"))


# ---------------------------------------------------------------- the board pack

def bare_pptx(deck) -> bytes:
    """The floor: a python-pptx deck with the same native charts and tables, no layout."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    from reports.pack import Chart, TableBlock
    presentation = Presentation()
    kinds = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "clustered_bar": XL_CHART_TYPE.BAR_CLUSTERED,
             "stacked_bar": XL_CHART_TYPE.BAR_STACKED, "line": XL_CHART_TYPE.LINE_MARKERS}
    for slide in deck.slides:
        page = presentation.slides.add_slide(presentation.slide_layouts[6])
        for block in slide.blocks:
            if isinstance(block, Chart) and block.kind == "scatter":
                data = XyChartData()
                for given in block.series:
                    series = data.add_series(given.name)
                    for x, y in zip(block.x_values, given.values):
                        if y is not None:
                            series.add_data_point(x, y)
                page.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, 0, 0, Inches(6), Inches(4),
                                      data)
            elif isinstance(block, Chart):
                data = CategoryChartData()
                data.categories = list(block.categories)
                for series in block.series:
                    data.add_series(series.name, list(series.values))
                page.shapes.add_chart(kinds[block.kind], 0, 0, Inches(6), Inches(4), data)
            elif isinstance(block, TableBlock) and not block.table.empty:
                texts = block.table.texts()[:12]
                grid = page.shapes.add_table(len(texts) + 1, len(block.table.columns), 0, 0,
                                             Inches(8), Inches(4)).table
                for c, label in enumerate(block.table.labels):
                    grid.cell(0, c).text = label
                for r, row in enumerate(texts, start=1):
                    for c, text in enumerate(row):
                        grid.cell(r, c).text = text
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def bare_pdf(deck) -> bytes:
    """The floor: each chart of the pack straight to a PDF page by vl-convert, joined."""
    import vl_convert
    from pypdf import PdfReader, PdfWriter

    from reports.images import _renderable
    from reports.pack import Chart
    writer = PdfWriter()
    for slide in deck.slides:
        for block in slide.blocks:
            if isinstance(block, Chart) and block.draw is not None:
                data = vl_convert.vegalite_to_pdf(_renderable(block.draw()))
                for page in PdfReader(io.BytesIO(data)).pages:
                    writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bench_pack(results: Results, size: str, db, engagement_id: int, repeat: int) -> None:
    from outcomes import pack
    from reports.pdf_pack import deck_pdf
    from reports.pptx_pack import deck_pptx
    deck = pack.gather_pack(db, engagement_id, "2026-01-01")
    rows = [("board pack PowerPoint", lambda: deck_pptx(deck), lambda: bare_pptx(deck),
             "floor: bare python-pptx deck, same charts and tables"),
            ("board pack PDF", lambda: deck_pdf(deck), lambda: bare_pdf(deck),
             "floor: the same charts to PDF by vl-convert, joined")]
    for name, figure, floor, note in rows:
        a, b, runs = paired(figure, floor, repeat)
        results.add(Row(f"{name} @{size}", a, b, 2.0, runs=runs, note=note))
    a, _, runs = paired(lambda: pack.gather_pack(db, engagement_id, "2026-01-01"),
                        lambda: None, repeat)
    results.add(Row(f"board pack content @{size}", a, None, None, runs=runs,
                    note="gathering and robustness (10,000 draws); no floor"))


# ---------------------------------------------------------------- backup and restore

def _peak_memory(*args: str) -> int:
    """Peak resident memory (bytes) of ``bench/backup_memory.py args`` in a process of its own."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "backup_memory.py"), *args],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return int(done.stdout.split()[-1])


def bench_backup(results: Results, size: str, db, path: Path, engagement_id: int,
                 repeat: int) -> None:
    """The backup file's size, backup and restore times, and the peak memory of each."""
    import gzip

    from workspace import backup_file
    raw = workspace.backup_bytes(db, engagement_id)
    unpacked = len(gzip.decompress(raw))
    limit = backup_file.MAX_FILE_BYTES
    results.add(Row(f"backup file size @{size}", len(raw), unpacked, None, runs=1, unit="B",
                    note=f"{len(raw):,} bytes, {len(raw) / limit:.2%} of the {limit // 2**20} MB "
                         f"upload limit; floor: the JSON inside, {unpacked:,} bytes, "
                         f"{unpacked / backup_file.MAX_JSON_BYTES:.1%} of its limit"))

    def plain_json() -> bytes:
        return json.dumps(workspace.export_engagement(db, engagement_id)).encode()

    a, b, runs = paired(lambda: workspace.backup_bytes(db, engagement_id), plain_json, repeat)
    results.add(Row(f"backup @{size}", a, b, 2.0, runs=runs,
                    note="floor: the same export as plain JSON by json.dumps"))

    with tempfile.TemporaryDirectory(prefix="socialready-restore-") as folder:
        targets = iter(range(10**6))

        def restore() -> None:
            target = workspace.open_workspace(Path(folder) / f"r{next(targets)}.db",
                                              seed_example_engagement=False)
            workspace.restore_engagement(target, raw)
            target.close()

        a, b, runs = paired(restore, lambda: json.loads(gzip.decompress(raw)), repeat)
        results.add(Row(f"restore @{size}", a, b, None, runs=runs,
                        note="floor: unpack and parse only (restore also checks every record "
                             "and writes it); no target"))
        file = Path(folder) / "backup.json.gz"
        file.write_bytes(raw)
        floor = _peak_memory("floor", str(path))
        for action, args in (("backup", ("backup", str(path), str(engagement_id))),
                             ("restore", ("restore", str(file)))):
            peak = _peak_memory(*args)
            results.add(Row(f"{action} peak memory @{size}", peak, floor, None, runs=1,
                            unit="B", note=f"peak RSS, +{(peak - floor) / 2**20:,.0f} MB over "
                                           "the floor: a process that imports and opens the "
                                           "workspace"))


# ---------------------------------------------------------------- pages under AppTest

def warm_app_test():
    """AppTest behaving like a warm server (see tests/conftest.py's _WarmPagesManager)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    class _WarmPagesManager(PagesManager):
        """AppTest's per-run reset of uses_pages_directory lands here, not on the real flag."""

    app_test_module.PagesManager = _WarmPagesManager
    PagesManager.uses_pages_directory = False
    return app_test_module.AppTest


PARTICIPANT_ONLY = {"pages/my_weights.py", "pages/group_results.py", "pages/sign_in.py"}


def page_list() -> list[tuple[str, str]]:
    """The facilitator's pages (path, title) in menu order."""
    text = (ROOT / "app.py").read_text()
    menu = text[text.index("def facilitator_menu"):text.index("def participant_menu")]
    return re.findall(r'_page\("(pages/[a-z_]+\.py)",\s*"([^"]+)"', menu)


def participant_page_list() -> list[tuple[str, str]]:
    """A workshop participant's pages (path, title) when every task is chosen."""
    text = (ROOT / "app.py").read_text()
    menu = text[text.index("def participant_menu"):text.index("def visitor_menu")]
    return re.findall(r'\("(pages/[a-z_]+\.py)",\s*"([^"]+)"', menu)


def rerun_times(at, repeat: int, budget: float) -> tuple[list[float], str]:
    """Rerun times of the current page; one warm-up run first (not counted)."""
    first = timed(at.run)
    problem = f"exception: {at.exception[0].message[:60]}" if at.exception else ""
    if first > SLOW:
        return [first], problem or "measured once (> 60 s)"
    runs = repeat if first * repeat <= budget else max(1, int(budget / max(first, 1e-3)))
    times = [timed(at.run) for _ in range(runs)]
    note = problem or ("" if runs == repeat else f"{runs} runs (time budget)")
    return times, note


class Reference:
    """The reference app under AppTest, rerun beside each page so that both see the same
    machine load (a floor measured once at the start drifts with the load)."""

    def __init__(self, repeat: int) -> None:
        self.at = warm_app_test().from_file(str(ROOT / "bench" / "reference_app.py"),
                                            default_timeout=300)
        self.at.run()
        self.repeat = max(repeat, 3)
        self.all: list[float] = []

    def floor(self) -> float:
        times, _ = rerun_times(self.at, self.repeat, 60)
        self.all.extend(times)
        return statistics.median(times)


def _page_rows(results: Results, label: str, size: str, at, pages, reference: Reference,
               repeat: int, target: float | None = None) -> None:
    budget = 30.0 if size == "large" else 60.0
    for path, title in pages:
        at.switch_page(path)
        times, note = rerun_times(at, repeat, budget)
        results.add(Row(f"{label}{title} @{size}", statistics.median(times), reference.floor(),
                        target or PAGE_TARGETS.get(size), note=note, runs=len(times)))


def bench_pages(results: Results, size: str, engagement_id: int, repeat: int) -> Reference:
    """Every facilitator page's rerun, each beside a rerun of the reference app."""
    reference = Reference(repeat)
    at = warm_app_test().from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["e"] = str(engagement_id)
    at.run()
    _page_rows(results, "page ", size, at, page_list(), reference, repeat)
    return reference


def bench_participant_pages(results: Results, size: str, db, engagement_id: int,
                            reference: Reference, repeat: int) -> None:
    """A participant's pages, as a workshop serves them (facilitator secret set)."""
    session = workspace.live_session(db, engagement_id)
    person = workspace.session_participants(db, session.id)[-1]
    os.environ["SOCIALREADY_FACILITATOR_SECRET"] = "bench-facilitator-secret"
    try:
        at = warm_app_test().from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["p"] = person.token
        at.run()
        _page_rows(results, "participant page ", size, at, participant_page_list(), reference,
                   repeat)
    finally:
        del os.environ["SOCIALREADY_FACILITATOR_SECRET"]
    everything = reference.all
    results.add(Row(f"reference app rerun @{size}", statistics.median(everything),
                    statistics.median(everything), None, runs=len(everything),
                    note="50x100 data_editor + 50-bar chart; median of all its reruns"))


def bench_saves(results: Results, participants: int, seconds: float) -> None:
    """p95 save latency with the whole room answering at once, beside one person alone."""
    import answer_load

    with tempfile.TemporaryDirectory(prefix="socialready-saves-") as folder:
        outcomes = {}
        for people in (1, participants):
            path = Path(folder) / f"saves-{people}.db"
            engagement_id = answer_load.prepare_engagement(path, people)
            outcome = answer_load.run_answer_load(path, engagement_id, seconds=seconds)
            lost = answer_load.lost_answers(path, outcome)
            if outcome.errors or lost:
                raise RuntimeError(f"answer load lost answers or failed: "
                                   f"{(outcome.errors + lost)[:3]}")
            outcomes[people] = outcome
    room = outcomes[participants]
    results.add(Row(f"save answer p95, {participants} at once", room.p95, outcomes[1].p95,
                    None, runs=room.saves,
                    note=f"floor: 1 person alone; {room.saves:,} saves, 0 lost, 0 errors, "
                         f"max {room.max_latency * 1000:,.0f} ms"))


def bench_room(results: Results, participants: int = 100, seconds: float = 60.0) -> None:
    """A room of phones through the real server (bench/room_load.py) beside one phone."""
    import room_load

    floor = room_load.measure_room(1, seconds=min(seconds, 20.0))
    room = room_load.measure_room(participants, seconds=seconds)
    p95 = room.p(0.95)
    summary = room.summary()
    met = "met" if p95 is not None and p95 <= room_load.GOAL_SECONDS else "NO"
    results.add(Row(f"tap to presenter p95, {participants} phones", p95 or float("nan"),
                    floor.p(0.95), runs=1, note=(
        f"goal <= {room_load.GOAL_SECONDS:g} s: {met}; {room.acknowledged} answers, "
        f"{room.lost} lost, {len(room.errors)} errors; server "
        f"{summary['server CPU per participant (% of a core)']:.2f} % of a core and "
        f"{summary['server memory per participant (MB)']:.2f} MB per phone")))


def bench_cold_start(results: Results, repeat: int) -> None:
    """``streamlit run`` until the first page shows, beside a one-line app."""
    import server

    with tempfile.TemporaryDirectory(prefix="socialready-cold-") as folder:
        env = {workspace.PATH_VARIABLE: str(Path(folder) / "workspace.db")}
        workspace.open_workspace(env[workspace.PATH_VARIABLE]).close()  # existing workspace
        with server.chromium() as browser:
            server.first_render(browser, "app.py", "Engagements", env)   # warm the disk cache
            ours, floor = [], []
            for _ in range(repeat):
                ours.append(server.first_render(browser, "app.py", "Engagements", env))
                floor.append(server.first_render(browser, "bench/one_line_app.py",
                                                 "Hello from one line", env))
    results.add(Row("cold start to first page", statistics.median(ours),
                    statistics.median(floor), 2.0, runs=repeat,
                    note="floor: one-line app; workspace exists"))


def bench_memory(results: Results, size: str, path: Path, engagement_id: int) -> None:
    """Server memory after every page was shown, beside imports of streamlit/pandas/altair."""
    import server

    with server.chromium() as browser:
        used = server.server_memory_after_pages(
            browser, {workspace.PATH_VARIABLE: str(path)}, engagement_id, page_list())
    floor = server.imports_only_memory()
    results.add(Row(f"server memory after every page @{size}", used, floor, 1.5, runs=1,
                    note="RSS; floor: a process importing streamlit, pandas, altair",
                    unit="B"))


# ---------------------------------------------------------------- organization-wide pulse

def bench_pulse(results: Results, respondents: int, repeat: int, seconds: float) -> None:
    """A campaign of ``respondents``: save latency while others answer (paced like people,
    and in a tight loop), the results computed once, and the pulse pages' reruns beside the
    reference app."""
    import pulse_load

    from outcomes import pulse as pulse_results
    with tempfile.TemporaryDirectory(prefix="socialready-pulse-") as folder:
        path = Path(folder) / "pulse.db"
        os.environ[workspace.PATH_VARIABLE] = str(path)
        start = time.perf_counter()
        engagement_id, campaign_id, tokens = pulse_load.build_campaign(path, respondents)
        print(f"[pulse] {respondents:,} respondents generated in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
        people = PULSE_OTHERS + 1
        for interval, how in ((1.0, "paced ~1 s"), (0.0, "tight loop")):
            alone = pulse_load.run_load(path, tokens, 1, seconds, interval)
            room = pulse_load.run_load(path, tokens, people, seconds, interval)
            if room.errors or alone.errors:
                raise RuntimeError(f"pulse load failed: {(room.errors + alone.errors)[:3]}")
            results.add(Row(f"pulse save p95, {PULSE_OTHERS} others ({how})", room.p95,
                            alone.p95, None, runs=len(room.latencies),
                            limit=PULSE_SAVE_LIMIT if interval else None,
                            note=f"floor: 1 respondent alone; {len(room.latencies):,} saves, "
                                 f"0 errors, max {max(room.latencies) * 1000:,.0f} ms"
                                 + ("" if interval else "; stress, no target")))
        reference = Reference(repeat)
        os.environ["SOCIALREADY_FACILITATOR_SECRET"] = "bench-facilitator-secret"
        try:       # a respondent with their private link, while the campaign is open
            at = warm_app_test().from_file(str(ROOT / "app.py"), default_timeout=600)
            at.query_params["r"] = tokens[-1]
            at.run()
            _page_rows(results, "pulse respondent page ", f"{respondents:,}", at,
                       [("pages/pulse_answer.py", "Your questionnaire")], reference, repeat,
                       target=2.0)
        finally:
            del os.environ["SOCIALREADY_FACILITATOR_SECRET"]
        db = workspace.open_workspace(path)
        workspace.pulse.close_campaign(db, campaign_id)
        campaign = workspace.pulse.get_campaign(db, campaign_id)
        a, b, runs = paired(lambda: pulse_results.results(db, campaign_id),
                            lambda: workspace.respondents.campaign_answers(db, campaign),
                            max(1, min(repeat, 3)))
        results.add(Row(f"pulse results computed @{respondents:,}", a, b, None, runs=runs,
                        note="once per campaign (then cached); floor: reading the raw "
                             "answers; no target"))
        db.close()
        at = warm_app_test().from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["e"] = str(engagement_id)
        at.run()
        pages = [("pages/pulse_results.py", "Pulse results"),
                 ("pages/pulse.py", "Pulse campaigns"), ("pages/report.py", "Readiness report"),
                 ("pages/exports.py", "Exports")]
        _page_rows(results, "pulse page ", f"{respondents:,}", at, pages, reference, repeat,
                   target=2.0)
        results.add(Row("reference app rerun @pulse", statistics.median(reference.all),
                        statistics.median(reference.all), None, runs=len(reference.all),
                        note="median of all its reruns beside the pulse pages"))


# ---------------------------------------------------------------- main

def machine() -> dict:
    import streamlit
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    return {"cores": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0],
            "numpy": np.__version__, "pandas": pd.__version__,
            "streamlit": streamlit.__version__, "altair": alt.__version__}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma list of: {', '.join(SIZES)} (default {DEFAULT_SIZES})")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip", default="", help=f"comma list of: {', '.join(GROUPS)}")
    parser.add_argument("--only", default="", help="comma list of groups: run only these")
    parser.add_argument("--json", default=str(ROOT / "bench" / "last_results.json"))
    parser.add_argument("--pulse-respondents", type=int, default=PULSE_RESPONDENTS)
    parser.add_argument("--pulse-seconds", type=float, default=20.0,
                        help="how long the people of the save load answer")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    skip = set(filter(None, args.skip.split(",")))
    only = set(filter(None, args.only.split(",")))
    if (skip | only) - set(GROUPS):
        parser.error(f"unknown group(s): {', '.join(sorted((skip | only) - set(GROUPS)))}")
    if only:
        skip |= set(GROUPS) - only
    info = machine()
    print("Machine:", ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    results = Results()
    total = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="socialready-bench-") as folder:
        if "domain" not in skip:
            bench_ahp(results, args.repeat)
        if "pulse" not in skip:
            bench_pulse(results, args.pulse_respondents, args.repeat, args.pulse_seconds)
        if not set(GROUPS) - skip - {"pulse"}:
            sizes = []           # nothing else asked for: no engagement to build
        for size in sizes:
            path = Path(folder) / f"{size}.db"
            os.environ[workspace.PATH_VARIABLE] = str(path)
            db = workspace.open_workspace(path, seed_example_engagement=False)
            start = time.perf_counter()
            engagement_id = build_engagement(db, size)
            print(f"[{size}] generated in {time.perf_counter() - start:.1f} s", flush=True)
            from outcomes import gather
            platforms = gather.platforms(db, engagement_id)
            engagement = workspace.get_engagement(db, engagement_id)
            if "domain" not in skip:
                bench_acceptability(results, size, platforms, args.repeat)
            if "excel" not in skip:
                bench_excel(results, size, db, engagement, args.repeat)
            if "charts" not in skip:
                bench_charts(results, size, platforms, args.repeat)
            if "pack" not in skip:
                bench_pack(results, size, db, engagement_id, args.repeat)
            if "pages" not in skip:
                reference = bench_pages(results, size, engagement_id, args.repeat)
                bench_participant_pages(results, size, db, engagement_id, reference,
                                        args.repeat)
            if "server" not in skip and size == "workshop":
                bench_memory(results, size, path, engagement_id)
                bench_saves(results, SIZES[size][2], seconds=5.0)
            if "backup" not in skip:
                bench_backup(results, size, db, path, engagement_id, args.repeat)
            db.close()
        if "server" not in skip:
            bench_cold_start(results, max(3, min(args.repeat, 5)))
        if "room" not in skip:
            bench_room(results)
    elapsed = time.perf_counter() - total
    print()
    print(f"{'figure':<42} | {'median':>12} | {'floor':>12} | {'ratio':>8} | "
          f"{'target':>8} | met")
    print("-" * 110)
    for row in results.rows:
        print(format_row(row))
    print()
    missed = [r for r in results.rows if r.met == "NO"]
    print(f"{len(missed)} target(s) missed; total {elapsed:.0f} s.")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": info, "sizes": sizes, "repeat": args.repeat, "seconds": elapsed,
            "rows": [{"figure": r.figure, "median_s": r.median, "floor_s": r.floor,
                      "ratio": r.ratio, "target": r.target, "met": r.met, "runs": r.runs, "unit": r.unit,
                      "limit_s": r.limit, "note": r.note} for r in results.rows]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
