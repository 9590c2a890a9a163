"""The command line: every export of an engagement, built without the app.

    python -m outcomes list --workspace PATH
    python -m outcomes export --workspace PATH --engagement ID --format pptx --out pack.pptx

Formats: pptx and pdf (the board pack), html (the report), xlsx (the workbook), csv (one
table: ``--table answers|scores|ranking|culture|value|actions``). People are "Participant 1", ... unless
``--names`` is given, as on the Exports page. Errors (no such workspace, engagement, format
or table; nothing to export yet) print one line and exit with status 1 (2 for usage).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import assessments
import workspace
from outcomes import exports, gather, pack, report, tables, value

FORMATS = ("pptx", "pdf", "html", "xlsx", "csv")
TABLES = ("answers", "scores", "ranking", "culture", "value", "actions")


class ExportError(ValueError):
    """An export that cannot be made, with the reason a person can act on."""


def _open(path: str | None) -> workspace.Database:
    where = path or workspace.location()
    if workspace.store.is_url(str(where)):
        return workspace.open_workspace(str(where), seed_example_engagement=False)
    found = Path(where).expanduser()
    if not found.is_file():
        raise ExportError(f"no workspace file at {found}")
    # An existing workspace is only read (and its schema upgraded, as the app would).
    return workspace.open_workspace(found, seed_example_engagement=False)


def export_bytes(database: workspace.Database, engagement_id: int, kind: str,
                 table: str | None = None, include_names: bool = False,
                 today: str | None = None) -> bytes:
    """The file of one export of an engagement.

    Raises:
        ExportError: an unknown format or table, or a table with nothing in it yet.
        NotFound: no engagement has this id.
        BankError: the engagement's banks cannot be used.
    """
    if kind not in FORMATS:
        raise ExportError(f"unknown format “{kind}”: choose one of {', '.join(FORMATS)}")
    engagement = workspace.get_engagement(database, engagement_id)
    today = today or date.today().isoformat()
    if kind == "csv":
        if table not in TABLES:
            raise ExportError(f"--format csv needs --table, one of {', '.join(TABLES)}"
                              if table is None else
                              f"unknown table “{table}”: choose one of {', '.join(TABLES)}")
        if table == "answers":
            return exports.answers_csv(database, engagement_id, include_names)
        if table == "scores":
            return exports.scores_csv(database, engagement_id, include_names)
        if table in ("ranking", "value"):
            platforms = gather.platforms(database, engagement_id)
            if platforms is None:
                raise ExportError("no vendor has been scored yet: there is no ranking")
            if table == "ranking":
                return exports.ranking_csv(platforms)
            if value.value_for_money(platforms) is None:
                raise ExportError("no cost is recorded yet: there is no value for money")
            return exports.value_csv(platforms)
        readiness = gather.readiness(database, engagement_id)
        if table == "actions":
            if tables.roadmap(readiness) is None:
                raise ExportError("nobody has answered the questionnaires yet: there is no "
                                  "roadmap")
            return exports.action_plan_csv(readiness, today,
                                           workspace.list_snapshots(database, engagement_id))
        if not readiness.has_culture:
            raise ExportError("nobody has answered the culture questionnaire yet")
        return exports.culture_csv(readiness)
    if kind == "xlsx":
        from reports.excel import engagement_workbook

        return engagement_workbook(exports.workbook_input(
            database, engagement, include_names=include_names, today=today))
    readiness = gather.readiness(database, engagement_id)
    platforms = gather.platforms(database, engagement_id)
    if kind == "html":
        return report.report_html(pack.details(engagement), readiness, platforms, today,
                                  workspace.list_snapshots(database, engagement_id),
                                  workspace.sign_offs.list_sign_offs(database, engagement_id))
    deck = pack.gather_pack(database, engagement_id, today, readiness, platforms)
    if kind == "pptx":
        from reports.pptx_pack import deck_pptx

        return deck_pptx(deck)
    from reports.pdf_pack import deck_pdf

    return deck_pdf(deck)


def _write(path: Path, data: bytes) -> None:
    """Write all of ``data`` or nothing: a half-written file never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _list(args: argparse.Namespace) -> int:
    database = _open(args.workspace)
    for engagement in workspace.list_engagements(database):
        print("\t".join([str(engagement.id), engagement.name, engagement.organization or "",
                         "example" if engagement.is_example else ""]).rstrip())
    return 0


def _export(args: argparse.Namespace) -> int:
    database = _open(args.workspace)
    data = export_bytes(database, args.engagement, args.format, args.table, args.names)
    _write(Path(args.out), data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line's options."""
    main = argparse.ArgumentParser(prog="python -m outcomes",
                                   description="Export an engagement without the app.")
    commands = main.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list the engagements of a workspace")
    listing.add_argument("--workspace", help="the workspace file (default: as the app)")
    listing.set_defaults(run=_list)
    export = commands.add_parser("export", help="write one export of an engagement")
    export.add_argument("--workspace", help="the workspace file (default: as the app)")
    export.add_argument("--engagement", type=int, required=True, help="its id (see list)")
    export.add_argument("--format", required=True, help=" | ".join(FORMATS))
    export.add_argument("--table", help=f"for csv: {' | '.join(TABLES)}")
    export.add_argument("--names", action="store_true",
                        help="name participants (otherwise Participant 1, ...)")
    export.add_argument("--out", required=True, help="the file to write")
    export.set_defaults(run=_export)
    return main


def main(argv: Sequence[str] | None = None,
         stderr: Callable[[str], object] = lambda text: print(text, file=sys.stderr)) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except workspace.NotFound:
        stderr(f"error: no engagement with id {getattr(args, 'engagement', '?')} in this "
               "workspace (python -m outcomes list shows them)")
    except (ExportError, workspace.WorkspaceError, assessments.BankError) as error:
        stderr(f"error: {error}")
    return 1
