"""Shared pieces of the fuzz tests: workspaces to break, table dumps, and input mutators.

Every fuzz test checks the same contract for one parser of outside input: the input is
accepted, or one of the project's own typed errors comes out with a non-empty message, and a
rejected input leaves the workspace exactly as it was (:func:`dump` before and after).

Workspaces are copied from one template file per test run (creating and seeding a workspace
per example would dominate the run time); each example gets its own copy.
"""
from __future__ import annotations

import atexit
import copy
import io
import math
import reprlib
import shutil
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import workspace
from assessments import BankError, available_banks, parse_bank
from assessments.bank_excel import bank_data_from_upload, bank_to_toml
from datafiles.cells import cell_text
from reports.score_template import (ImportRejected, preview_changes, read_score_template,
                                    score_template)
from vendors.catalog import load_catalog, load_taxonomy

# One profile for every fuzz test: reproducible (derandomize), no per-example deadline (the
# first example pays for imports and caches), and quiet about fixtures and slow generation.
FUZZ = settings(deadline=None, derandomize=True, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

SMALL_ENGAGEMENT = "Fuzz target"
SMALL_SCORER = "Fuzz scorer"
HUGE = 40_000      # longer than a spreadsheet cell holds (32,767)


# --- the contract ------------------------------------------------------------------------------

def check_typed(error: BaseException, allowed: tuple[type[BaseException], ...]) -> None:
    """``error`` is one of the ``allowed`` typed errors, with a message worth showing."""
    assert isinstance(error, allowed), (
        f"untyped {type(error).__name__} leaked: {error!r}")
    message = str(error)
    assert message.strip(), f"{type(error).__name__} without a message"
    assert len(message) < 5_000, f"a {len(message):,}-character message: {message[:200]}..."


def outcome(call: Callable[[], Any], allowed: tuple[type[BaseException], ...],
            label: str | None = None) -> tuple[bool, Any]:
    """(True, result) when ``call`` accepts; (False, error) for an allowed typed error.

    Anything else (KeyError, TypeError, a bare ValueError...) fails the test with the error.
    Outcomes are counted per ``label`` (by default the first name the call uses).
    """
    if label is None:
        names = [n for n in getattr(getattr(call, "__code__", None), "co_names", ())
                 if n not in ("workspace", "score_template", "backup", "catalog")]
        label = names[0] if names else "call"
    try:
        result = True, call()
    except allowed as error:
        check_typed(error, allowed)
        _event(f"{label}: {type(error).__name__}")
        return False, error
    _event(f"{label}: accepted")
    return result


def _event(text: str) -> None:
    """Count an outcome in Hypothesis's statistics (``--hypothesis-show-statistics``)."""
    try:
        event(text)
    except Exception:        # outside a Hypothesis test
        pass


# --- workspaces --------------------------------------------------------------------------------

def dump(db) -> str:
    """Every table's rows, in key order, as text: what "unchanged" is compared against."""
    lines = []
    for table in sorted(db.table_names()):
        lines.append(f"-- {table}")
        lines.extend(repr(row) for row in sorted(db.rows(f"SELECT * FROM {table}"), key=repr))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _template() -> Path:
    """A workspace with the example engagement and a small engagement made for scoring."""
    folder = Path(tempfile.mkdtemp(prefix="socialready-fuzz-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.db"
    db = workspace.open_workspace(path)
    engagement = workspace.create_engagement(db, SMALL_ENGAGEMENT, organization="Fuzz Ltd")
    taxonomy = load_taxonomy()
    categories = taxonomy.categories[:2]
    criteria = [c for category in categories for c in category.criteria][:6]
    workspace.import_taxonomy(db, engagement.id, categories, criteria)
    scorer = workspace.add_participant(db, engagement.id, SMALL_SCORER)
    other = workspace.add_participant(db, engagement.id, "Other scorer")
    catalog = load_catalog()
    vendors = [workspace.add_vendor(db, engagement.id, entry.name, entry.company,
                                    entry.status_note, catalog_id=entry.id)
               for entry in catalog[:2]]
    vendors.append(workspace.add_vendor(db, engagement.id, '=HYPERLINK("http://x")'))
    scores = []
    for n, criterion in enumerate(criteria):
        for m, vendor in enumerate(vendors):
            if (n + m) % 3:
                scores.append(workspace.Score(scorer.id, vendor.id, criterion.id,
                                              float((n + m) % 6), f"note {n}/{m}"))
            scores.append(workspace.Score(other.id, vendor.id, criterion.id, 2.5, ""))
    workspace.save_scores(db, scores)
    db.close()                # checkpoints the WAL into the file, so a plain copy is complete
    return path


@contextmanager
def workspace_copy() -> Iterator[Any]:
    """A private copy of the template workspace, deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="socialready-fuzz-") as folder:
        path = Path(folder) / "workspace.db"
        shutil.copyfile(_template(), path)
        db = workspace.open_workspace(path)
        try:
            yield db
        finally:
            db.close()


def engagement_id(db, name: str) -> int:
    return next(e.id for e in workspace.list_engagements(db) if e.name == name)


def example_id(db) -> int:
    return next(e.id for e in workspace.list_engagements(db) if e.is_example)


@lru_cache(maxsize=1)
def example_backup() -> bytes:
    """The backup file of the template's example engagement, as the Exports page offers it
    (gzip of compact JSON)."""
    with workspace_copy() as db:
        return workspace.backup_bytes(db, example_id(db))


@lru_cache(maxsize=1)
def small_backup() -> bytes:
    """The backup file of the small engagement (quicker to restore many times)."""
    with workspace_copy() as db:
        return workspace.backup_bytes(db, engagement_id(db, SMALL_ENGAGEMENT))


# --- pipelines --------------------------------------------------------------------------------

def upload_and_install_bank(data: bytes, filename: str) -> None:
    """What the Question banks page does with an upload: read, validate, install; and the
    installed bank must read back (and download as TOML) unchanged."""
    ok, parsed = outcome(lambda: bank_data_from_upload(data, filename), (BankError,))
    if not ok:
        return
    ok, bank = outcome(lambda: parse_bank(parsed, filename), (BankError,))
    if not ok:
        return
    with workspace_copy() as db:
        before = dump(db)
        ok, _ = outcome(lambda: workspace.install_bank(
            db, bank.id, bank.kind, bank.title, bank.version, parsed,
            reserved=tuple(available_banks())), (workspace.InvalidInput,))
        if not ok:
            assert dump(db) == before, "a rejected install changed the workspace"
            return
        stored = workspace.installed_bank_data(db, bank.id)
        assert parse_bank(stored, filename) == bank
        ok, text = outcome(lambda: bank_to_toml(stored), (BankError,))
        if ok:
            again = bank_data_from_upload(text.encode("utf-8"), f"{bank.id}.toml")
            assert parse_bank(again, filename) == bank


def scoring_inputs(db) -> dict[str, Any]:
    """What the Vendor scoring page passes to the template and the reader for the small
    engagement's scorer."""
    engagement = workspace.get_engagement(db, engagement_id(db, SMALL_ENGAGEMENT))
    person = next(p for p in workspace.list_participants(db, engagement.id)
                  if p.name == SMALL_SCORER)
    categories = {c.id: c.name for c in workspace.list_categories(db, engagement.id)}
    everyone = workspace.engagement_scores(db, engagement.id)
    mine = everyone[everyone["scorer_id"] == person.id]
    return {"engagement": engagement, "person": person,
            "vendors": [(v.id, v.name) for v in workspace.list_vendors(db, engagement.id)],
            "criteria": [(k.id, categories.get(k.category, k.category), k.name)
                         for k in workspace.list_criteria(db, engagement.id)],
            "current": mine[["vendor_id", "criterion", "score", "evidence"]
                            ].reset_index(drop=True)}


@lru_cache(maxsize=1)
def score_template_bytes() -> bytes:
    """The small engagement's score template, as the page offers it for download."""
    with workspace_copy() as db:
        inputs = scoring_inputs(db)
        wide = inputs["current"].pivot_table(index="vendor_id", columns="criterion",
                                             values="score", aggfunc="first")
        return score_template(inputs["engagement"].name, inputs["person"].name,
                              inputs["vendors"], inputs["criteria"], wide,
                              evidence=inputs["current"], anchors=load_taxonomy().anchors)


def import_scores(data: bytes, filename: str = "scores.xlsx") -> None:
    """What the Vendor scoring page does with an upload: read (ImportRejected), preview (no
    error), apply (WorkspaceError); a rejection leaves the workspace unchanged, an applied
    import leaves exactly the uploaded scores and evidence."""
    with workspace_copy() as db:
        inputs = scoring_inputs(db)
        before = dump(db)
        ok, parsed = outcome(lambda: read_score_template(data, filename, inputs["vendors"],
                                                         inputs["criteria"]),
                             (ImportRejected,), "read_score_template")
        if not ok:
            assert filename in str(parsed)
            assert dump(db) == before
            return
        changes = preview_changes(parsed, inputs["current"])
        person = inputs["person"]
        ok, _ = outcome(lambda: workspace.save_scores(db, [
            workspace.Score(person.id, int(row.vendor_id), row.criterion,
                            None if math.isnan(row.new_score) else float(row.new_score),
                            row.new_evidence or "") for row in changes.itertuples()]),
            (workspace.WorkspaceError,), "save_scores")
        if not ok:
            assert dump(db) == before, "a rejected score import changed the workspace"
            return
        now = scoring_inputs(db)["current"].set_index(["vendor_id", "criterion"])
        for row in parsed.itertuples():
            if (row.vendor_id, row.criterion) not in now.index:
                assert math.isnan(row.score) and not row.evidence
                continue
            stored = now.loc[(row.vendor_id, row.criterion)]
            assert (math.isnan(row.score) and math.isnan(stored["score"])) or (
                row.score == stored["score"]), (row, stored)
            assert cell_text(stored["evidence"]) == cell_text(row.evidence)


# --- values ------------------------------------------------------------------------------------

def deeply_nested(depth: int, kind: str = "list") -> Any:
    """A list (or dict) nested ``depth`` levels, built without recursion."""
    value: Any = []
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


class Nested:
    """Stands for :func:`deeply_nested` until :func:`materialize`: Hypothesis prints the
    arguments of explicit examples, and no printer survives a value nested 5,000 deep."""

    def __init__(self, depth: int, kind: str = "list"):
        self.depth, self.kind = depth, kind

    def __repr__(self) -> str:
        return f"Nested({self.depth}, {self.kind!r})"


def materialize(value: Any) -> Any:
    """``value`` with every :class:`Nested` replaced by the structure it stands for."""
    if isinstance(value, Nested):
        return deeply_nested(value.depth, value.kind)
    if isinstance(value, list):
        return [materialize(v) for v in value]
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    return value


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 4, 80, 80


def short(value: Any) -> str:
    """A repr for reports that survives huge, deeply nested and 5,000-digit values."""
    try:
        return _SHORT.repr(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__} too large to show>"


class Doc:
    """A generated document; it prints as what was done to it, never as the whole thing."""

    def __init__(self, value: Any, notes: list[str]):
        self.value, self.notes = value, notes

    def __repr__(self) -> str:
        return f"Doc({'; '.join(self.notes)})"


def documents(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Doc]:
    """``strategy``'s values (with :class:`Nested` built) as :class:`Doc`."""
    return strategy.map(lambda value: Doc(materialize(value), [short(value)]))


TRICKY_TEXT = ["", " ", "\t\n", "0", "1", "-1", "1.5", "1e999", "nan", "NaN", "inf", "true",
               "FALSE", "yes", "None", "null", "=1+1", "'=1+1", "@SUM(A1)", "+1", "-x",
               "|calc", "#N/A", "²", "٣", "1_000", "99999999999999999999999",
               "9" * 5000, "a" * 41, "A", "x y", "é", "ß", "\u212a", "\u0130", "\ufeff",
               "\u2028", "\x00", "\x7f", "\x1b[31m", "😀", "𝔘𝔫𝔦", "\u202e", "\ud800",
               "likert", "staged", "pilot", "capability", "rollout", "benefit", "cost",
               "direct", "points", "ahp", "c01", "open_sharing", "barrier", "p1", "v1",
               "__categories__", "x" * HUGE, " padded "]


def texts(surrogates: bool = True) -> st.SearchStrategy[str]:
    tricky = [t for t in TRICKY_TEXT if surrogates or "\ud800" not in t]
    return st.one_of(st.sampled_from(tricky), st.text(max_size=30),
                     st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
                     .map(lambda t: t * 4000))


NUMBERS = st.one_of(
    st.integers(min_value=-10, max_value=110), st.integers(),
    st.sampled_from([0, 1, 2, 3, 4, 5, 6, 11, 100, 101, -1, 2 ** 63 - 1, 2 ** 63, -2 ** 63 - 1,
                     10 ** 400]),
    st.just(5000).map(lambda digits: 10 ** digits),   # str() refuses over 4,300 digits
    st.floats(), st.sampled_from([0.0, -0.0, 4.5, 5.0000001, 1e-300, 1e308, math.inf,
                                  -math.inf, math.nan]))


def scalars(*, dates: bool, surrogates: bool = True) -> st.SearchStrategy[Any]:
    options = [st.none(), st.booleans(), NUMBERS, texts(surrogates)]
    if dates:
        options += [st.datetimes(timezones=st.sampled_from([None, timezone.utc])), st.dates(),
                    st.times()]
    return st.one_of(*options)


def values(*, dates: bool, surrogates: bool = True) -> st.SearchStrategy[Any]:
    """Any value a parsed TOML (``dates``) or JSON document can hold, nested a little, plus
    the occasional structure nested far too deeply (as :class:`Nested`: see
    :func:`materialize`, which :func:`mutated` and :func:`documents` apply)."""
    keys = st.one_of(st.sampled_from(["id", "name", "kind", "", "x", "items", "bank"]),
                     st.text(max_size=8))
    nested = st.recursive(scalars(dates=dates, surrogates=surrogates),
                          lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(keys, inner, max_size=3), max_leaves=6)
    deep = st.builds(Nested, st.sampled_from([200, 990, 992, 994, 1_000, 5_000]),
                     st.sampled_from(["list", "dict"]))
    return st.one_of(nested, nested, nested, nested, deep)


# --- mutating documents ------------------------------------------------------------------------

Path_ = tuple[Any, ...]


def paths(doc: Any, max_depth: int = 10, limit: int = 3_000) -> list[Path_]:
    """The path (keys and indexes) of values inside ``doc``, containers included, breadth
    first: at most ``limit`` of them, down to ``max_depth`` levels (a structure nested
    thousands deep, or a list repeated hundreds of times, stays cheap to mutate)."""
    found: list[Path_] = []
    queue = deque([(doc, ())])
    while queue and len(found) < limit:
        node, here = queue.popleft()
        if len(here) >= max_depth:
            continue
        items = (node.items() if isinstance(node, dict)
                 else enumerate(node) if isinstance(node, list) else ())
        for key, child in items:
            found.append((*here, key))
            queue.append((child, (*here, key)))
    return found[:limit]


def _parent(doc: Any, path: Path_) -> Any:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


MUTATIONS = ("replace", "replace", "replace", "delete", "duplicate", "add_key", "empty",
             "stretch", "case")


@st.composite
def mutated(draw, doc: Any, value_strategy: st.SearchStrategy[Any], max_changes: int = 3,
            protect: Callable[[Path_], bool] = lambda path: False) -> Doc:
    """A copy of ``doc`` with 1 to ``max_changes`` fields replaced (random type),
    deleted, duplicated, emptied, stretched (huge text) or case-changed, or a field added.

    ``protect(path)`` keeps some paths unchanged (e.g. the checksum).
    """
    doc = copy.deepcopy(doc)
    notes: list[str] = []

    def new_value() -> Any:
        value = draw(value_strategy)
        notes[-1] += f" = {short(value)}"
        return materialize(value)

    for _ in range(draw(st.integers(1, max_changes))):
        candidates = [p for p in paths(doc) if not protect(p)]
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        parent = _parent(doc, path)
        key = path[-1]
        how = draw(st.sampled_from(MUTATIONS))
        notes.append(f"{how} {'.'.join(map(str, path))}")
        if how == "replace":
            parent[key] = new_value()
        elif how == "delete":
            del parent[key]
        elif how == "duplicate":
            # The copy shares its content with the original: parsers must not care.
            if isinstance(parent, list):
                parent.insert(key, parent[key])
            else:
                name = draw(st.sampled_from([f"{key}_copy", str(key).upper(), " " + str(key)]))
                notes[-1] += f" as {name!r}"
                parent[name] = parent[key]
        elif how == "add_key":
            target = parent[key] if isinstance(parent[key], dict) else parent
            if isinstance(target, dict):
                name = draw(st.text(max_size=10))
                notes[-1] += f" {name!r}"
                target[name] = new_value()
            else:
                target.append(new_value())
        elif how == "empty":
            value = parent[key]
            parent[key] = type(value)() if isinstance(value, (str, list, dict)) else None
        elif how == "stretch":
            value = parent[key]
            parent[key] = (value * (HUGE // max(1, len(value)) + 1) if isinstance(value, str)
                           and value else [value] * (500 if not isinstance(value, (list, dict))
                                                     else 20))
        elif how == "case":
            value = parent[key]
            if isinstance(value, str):
                parent[key] = draw(st.sampled_from([value.upper(), value.title(),
                                                    f" {value} ", value + "\n", value[:-1]]))
            else:
                try:
                    parent[key] = str(value)
                except ValueError:              # an int of more than 4,300 digits
                    parent[key] = "9" * 5_000
            notes[-1] += f" -> {short(parent[key])}"
    return Doc(doc, notes)


@st.composite
def mutated_bytes(draw, data: bytes, max_changes: int = 4) -> bytes:
    """``data`` with bytes flipped, inserted, deleted or cut, or a span repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, max_changes))):
        if not out:
            out += draw(st.binary(min_size=1, max_size=8))
            continue
        at = draw(st.integers(0, len(out) - 1))
        how = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat", "set"]))
        if how == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "set":
            out[at] = draw(st.sampled_from([0, 0x22, 0x27, 0x5b, 0x5d, 0x7b, 0x7d, 0x3d, 0x0a,
                                            0x80, 0xc3, 0xff]))
        elif how == "insert":
            out[at:at] = draw(st.one_of(st.binary(min_size=1, max_size=16),
                                        st.sampled_from([b"[", b"]]", b"{", b'"', b"\\u",
                                                         b"\n[bank]\n", b"=", b"\xef\xbb\xbf",
                                                         b"\x00", b"\xed\xa0\x80"])))
        elif how == "delete":
            del out[at:at + draw(st.integers(1, 64))]
        elif how == "cut":
            del out[at:]
        else:
            span = bytes(out[at:at + draw(st.integers(1, 64))])
            out[at:at] = span * draw(st.integers(1, 50))
    return bytes(out)


# --- spreadsheets ------------------------------------------------------------------------------

def cell_strings() -> st.SearchStrategy[str]:
    """Text openpyxl can write into a cell (no control characters), formulas included."""
    return st.one_of(texts(surrogates=False), st.sampled_from(
        ["=1+1", "=A1", "=SUM(B2:B9)", '=HYPERLINK("http://x")', "=1/0", "=NA()",
         "'=1+1", "'", "''", "TRUE", "false", " 3 ", "4,5", "5.5", "-0", "+2", ".5", "1e3",
         "Scores", "Evidence", "Criterion id", "Vendor id", "id", "kind", "dimension",
         "reverse", "labels", "stage_1", "from_stage"])).map(
        lambda text: ILLEGAL_CHARACTERS_RE.sub("", text.encode("utf-8", "ignore")
                                               .decode("utf-8")))


def cell_values() -> st.SearchStrategy[Any]:
    """Whatever a person (or a program) could put in a cell."""
    return st.one_of(
        st.none(), st.booleans(), cell_strings(), cell_strings(),
        st.integers(min_value=-10, max_value=10), st.integers(min_value=-2 ** 60,
                                                              max_value=2 ** 60),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([0, 1, 2, 3, 4, 5, 6, 0.5, 4.75, 5.01, -0.01, 1e300, 2.0, 7]),
        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 1, 1)),
        st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 1, 1)),
        st.times(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)))


def raw_cell_xml() -> st.SearchStrategy[tuple[str, str]]:
    """(type attribute, value text) for a hand-written ``<c>`` element of a sheet's XML."""
    return st.tuples(
        st.sampled_from(["n", "s", "b", "e", "str", "d", "inlineStr", "x", ""]),
        st.one_of(st.sampled_from(["1", "0", "2", "-1", "1e999", "-1e999", "nan", "NaN", "inf",
                                   "1.5", "TRUE", "#REF!", "2024-02-30", "2024-01-01T00:00:00",
                                   "99999", "9" * 5000, "", " ", "abc", "1E5", "0x10",
                                   "1,5", "3.0000000001"]),
                  st.text(st.characters(codec="ascii", exclude_characters="<>&\x00"),
                          max_size=12)))


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The .xlsx ``data`` with each member passed through ``change(name, content)``
    (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


SHEET_ACTIONS = ("set", "set", "set", "set", "set", "delete_rows", "delete_cols", "insert_rows",
                 "rename_sheet", "remove_sheet", "add_sheet", "merge", "array_formula",
                 "swap", "far_cell", "chartsheet")


@st.composite
def mutated_workbook(draw, data: bytes, max_changes: int = 4) -> tuple[bytes, list[str]]:
    """The .xlsx ``data`` opened with openpyxl, changed 1 to ``max_changes`` times (cell
    values of every type, rows and columns removed or added, sheets renamed, removed or
    added, merged cells, array formulas, a cell far away) and saved again; with notes."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula

    workbook = load_workbook(io.BytesIO(data))
    notes: list[str] = []
    far_cells: list[tuple[Any, int, int, Any]] = []

    def cell(ws, row: int, column: int):
        """The cell, unmerged first if a merged range covers it (as a person would)."""
        for merged in list(ws.merged_cells.ranges):
            if (merged.min_row <= row <= merged.max_row
                    and merged.min_col <= column <= merged.max_col):
                ws.unmerge_cells(merged.coord)
        return ws.cell(row=row, column=column)

    for _ in range(draw(st.integers(1, max_changes))):
        sheets = workbook.worksheets
        ws = sheets[draw(st.integers(0, len(sheets) - 1))] if sheets else None
        how = draw(st.sampled_from(SHEET_ACTIONS))
        if ws is None:
            how = "add_sheet"
        row = draw(st.integers(1, (ws.max_row if ws else 1) + 2))
        column = draw(st.integers(1, (ws.max_column if ws else 1) + 1))
        where = f"{ws.title if ws else '-'}!R{row}C{column}"
        if how == "set":
            value = draw(cell_values())
            cell(ws, row, column).value = value
            notes.append(f"{where} = {short(value)}")
        elif how == "delete_rows":
            amount = draw(st.integers(1, 3))
            ws.delete_rows(row, amount)
            notes.append(f"delete {amount} row(s) at {where}")
        elif how == "delete_cols":
            ws.delete_cols(column)
            notes.append(f"delete column at {where}")
        elif how == "insert_rows":
            ws.insert_rows(row, draw(st.integers(1, 2)))
            notes.append(f"insert row(s) at {where}")
        elif how == "rename_sheet":
            title = draw(st.sampled_from([
                ws.title.upper(), f" {ws.title} ", ws.title + "2", "Bank", "Items", "Scores",
                "Evidence", "Stages", "Read me", "x"]))
            notes.append(f"rename {ws.title!r} to {title!r}")
            ws.title = title
        elif how == "remove_sheet" and len(sheets) > 1:     # openpyxl saves no empty book
            notes.append(f"remove sheet {ws.title!r}")
            workbook.remove(ws)
        elif how == "add_sheet":
            title = draw(st.sampled_from(["Extra", "Bank", "Scores", "Evidence", "Items "]))
            extra = workbook.create_sheet(title)
            cell(extra, 1, 1).value = draw(cell_values())
            notes.append(f"add sheet {extra.title!r}")
        elif how == "merge":
            ws.merge_cells(start_row=row, start_column=column, end_row=row + 1,
                           end_column=column + draw(st.integers(0, 2)))
            notes.append(f"merge at {where}")
        elif how == "array_formula":
            ref = cell(ws, row, column).coordinate
            ws[ref] = ArrayFormula(ref, "=1+1")
            notes.append(f"array formula at {where}")
        elif how == "swap":
            other = cell(ws, draw(st.integers(1, ws.max_row)),
                         draw(st.integers(1, ws.max_column)))
            this = cell(ws, row, column)
            this.value, other.value = other.value, this.value
            notes.append(f"swap {where} with {other.coordinate}")
        elif how == "far_cell":
            # Last: openpyxl moves rows and columns cell by cell over the whole used range.
            far_cells.append((ws, draw(st.sampled_from([600, 5_000, 1_048_576])),
                              draw(st.sampled_from([1, 30, 16_384])), draw(cell_values())))
        elif how == "chartsheet":
            workbook.create_chartsheet(draw(st.sampled_from(["Chart", "Bank", "Scores"])))
            notes.append("add a chart sheet")
    for ws, row, column, value in far_cells:
        if ws in workbook.worksheets:
            far = cell(ws, row, column)
            far.value = value
            notes.append(f"far cell {ws.title}!{far.coordinate} = {short(value)}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), notes



def workbook_with(data: bytes, changes: dict[tuple[str, str], Any]) -> bytes:
    """The .xlsx ``data`` with some cells set: (sheet, coordinate) -> value."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for (sheet, coordinate), value in changes.items():
        workbook[sheet][coordinate] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

_CELL = r'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)'


@st.composite
def mutated_xlsx_parts(draw, data: bytes) -> tuple[bytes, list[str]]:
    """The .xlsx ``data`` with its XML changed where openpyxl does the reading: a cell
    rewritten by hand (any type attribute, any value), or a part's bytes damaged, dropped
    or emptied."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
    how = draw(st.sampled_from(["cell", "cell", "cell", "damage", "drop", "empty"]))
    target = draw(st.sampled_from(sheets if how == "cell" else names))
    notes = [f"{how} {target}"]

    def change(name: str, content: bytes) -> bytes | None:
        if name != target:
            return content
        if how == "drop":
            return None
        if how == "empty":
            return b""
        if how == "damage":
            return draw(mutated_bytes(content, max_changes=3))
        text = content.decode("utf-8")
        cells = list(re.finditer(_CELL, text, re.S))
        if not cells:
            return content
        found = cells[draw(st.integers(0, len(cells) - 1))]
        kind, value = draw(raw_cell_xml())
        kind_attribute = f' t="{kind}"' if kind else ""
        inner = (f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>")
        if kind == "str" and draw(st.booleans()):
            inner = f"<f>{value or 'SUM(A1)'}</f><v>1</v>"
        notes.append(f"{found.group(1)}: t={kind!r} {short(value)}")
        return (text[:found.start()] + f'<c r="{found.group(1)}"{kind_attribute}>{inner}</c>'
                + text[found.end():]).encode("utf-8")

    return rewrite_zip(data, change), notes
