"""What the decision record costs: each figure beside a floor measured in the same run.

Run from the repository root:

    .venv/bin/python bench/decision_record.py [--sizes small,workshop,large] [--repeat N]

On the synthetic engagements of ``bench/run.py``:

- saving one score in a full grid (``workspace.save_score_values``: the scorer's checks, the
  audit trail's row) beside the same call with the trail switched off;
- freezing the decision a sign-off keeps (``outcomes.decision_record.current``: the
  comparison and the robustness) beside the comparison and robustness alone;
- the audit trail as CSV (``outcomes.exports.audit_csv``) beside pandas writing the same
  rows.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import workspace  # noqa: E402
from run import DEFAULT_SIZES, SIZES, Results, Row, build_engagement, paired  # noqa: E402

scores_module = importlib.import_module("workspace.scores")


def bench_score_save(results: Results, size: str, db, engagement_id: int,
                     repeat: int) -> None:
    scorer = workspace.list_participants(db, engagement_id)[0]
    vendor = workspace.list_vendors(db, engagement_id)[0]
    criterion = workspace.list_criteria(db, engagement_id)[0].id
    values = iter(range(10 ** 6))

    def save() -> None:
        workspace.save_score_values(db, scorer.id, {(vendor.id, criterion):
                                                    float(next(values) % 6)})

    def without_trail() -> None:
        trail, scores_module._trail = scores_module._trail, lambda *args, **kwargs: None
        try:
            save()
        finally:
            scores_module._trail = trail

    a, b, runs = paired(save, without_trail, repeat)
    cells = len(workspace.engagement_scores(db, engagement_id))
    results.add(Row(f"save one score, with its trail @{size}", a, b, None, runs=runs,
                    note=f"{cells:,} scores stored; the floor skips the trail"))


def bench_freeze(results: Results, size: str, db, engagement_id: int, repeat: int) -> None:
    from outcomes import decision_record, gather, robustness

    def floor() -> None:
        robustness.robustness(gather.platforms(db, engagement_id))

    a, b, runs = paired(lambda: decision_record.current(db, engagement_id), floor, repeat)
    results.add(Row(f"freeze a decision for sign-off @{size}", a, b, 1.5, runs=runs))


def bench_audit_csv(results: Results, size: str, db, engagement_id: int,
                    repeat: int) -> None:
    from outcomes import exports

    trail = workspace.audit.audit_trail(db, engagement_id)
    a, b, runs = paired(lambda: exports.audit_csv(db, engagement_id, False),
                        lambda: trail.to_csv(index=False).encode(), repeat)
    results.add(Row(f"audit trail CSV @{size}", a, b, None, runs=runs,
                    note=f"{len(trail):,} changes; the floor writes them unformatted"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="socialready-bench-") as folder:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            if size not in SIZES:
                parser.error(f"unknown size {size}")
            db = workspace.open_workspace(Path(folder) / f"{size}.db",
                                          seed_example_engagement=False)
            engagement_id = build_engagement(db, size)
            bench_score_save(results, size, db, engagement_id, args.repeat)
            bench_freeze(results, size, db, engagement_id, args.repeat)
            bench_audit_csv(results, size, db, engagement_id, args.repeat)
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
