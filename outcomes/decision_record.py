"""The decision record: the audit trail as a table, and signed-off decisions.

A sign-off freezes the platform decision as every page shows it at that moment: global and
category weights, the scores the results use (vendor x criterion means, a workshop's agreed
values in place), the must-have minimums, the ranking with knock-outs, and the robustness of the winner (share of
first places over the comparison page's default draws). :func:`differences` says what moved
since: weights, scores and ranks, each with its value then and now.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

import workspace
from outcomes import gather, robustness
from reports.formats import Column, Kind, Table

#: A weight or score moves when it differs by more than this (storage rounding aside).
TOLERANCE = 1e-9
DIFFERENCE_COLUMNS = ["what", "item", "signed", "now"]


def freeze(platforms: gather.Platforms, robust: robustness.Robustness | None
           ) -> dict[str, Any]:
    """The payload of a sign-off (see workspace.sign_offs.check_payload) for a comparison."""
    decision = platforms.decision
    raw = platforms.raw
    ranking = platforms.ranking
    return {
        "weights": {str(c): float(w) for c, w in decision.weights.items()},
        "category_weights": {str(c): float(w) for c, w in decision.category_weights.items()},
        "must_haves": {str(c): float(m) for c, m in decision.minimums.items()},
        "names": {**{str(k): str(v) for k, v in decision.category_names.items()},
                  **{str(k): str(v) for k, v in decision.criterion_names.items()}},
        "scores": {str(v): {str(c): None if x != x else float(x) for c, x in row.items()}
                   for v, row in raw.to_dict(orient="index").items()},
        "ranking": [{"vendor": str(v), "score": float(score),
                     "rank": None if pd.isna(rank) else int(rank), "knocked_out_by": str(why)}
                    for v, score, rank, why in zip(ranking.index, ranking["score"],
                                                   ranking["rank"],
                                                   ranking["knocked_out_by"])],
        "robustness": None if robust is None else {
            "winner": robust.winner,
            "first_share": {str(v): robust.first_share(v) for v in robust.acceptability.index},
            "concentration": float(robust.concentration), "draws": int(robust.draws)},
    }


def current(database: workspace.Database, engagement_id: int) -> dict[str, Any] | None:
    """The payload the decision would have if signed off now; None while there is nothing
    to compare (no criteria, vendors or scores)."""
    platforms = gather.platforms(database, engagement_id)
    if platforms is None:
        return None
    return freeze(platforms, robustness.robustness(platforms))


def sign_off(database: workspace.Database, engagement_id: int, signed_by: str, note: str
             ) -> workspace.sign_offs.SignOff:
    """Freeze the engagement's decision as it stands, signed by ``signed_by``.

    Raises:
        InvalidInput: nothing to sign off yet (no scores), no name, or a name or note too
            long.
        NotFound: no such engagement.
    """
    payload = current(database, engagement_id)
    if payload is None:
        raise workspace.InvalidInput("There is no decision to sign off yet: the comparison "
                                     "needs criteria, vendors and at least one score.")
    return workspace.sign_offs.sign_off(database, engagement_id, signed_by, note, payload)


def _moved(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    return abs(old - new) > TOLERANCE


def differences(signed: dict[str, Any], now: dict[str, Any] | None) -> pd.DataFrame:
    """What moved between a signed-off payload and the decision now: one row per weight,
    category weight, must-have minimum, score and rank that changed (columns ``what``,
    ``item``, ``signed``, ``now``; a value not there is None, a criterion that is no
    must-have has no minimum; ``what`` is "category weight", "weight", "must-have minimum",
    "score" or "rank")."""
    rows: list[dict[str, Any]] = []
    now = now or {"weights": {}, "category_weights": {}, "must_haves": {}, "names": {},
                  "scores": {},
                  "ranking": [], "robustness": None}
    names = {**signed["names"], **now["names"]}
    for what, part in (("category weight", "category_weights"), ("weight", "weights"),
                       ("must-have minimum", "must_haves")):
        for item in [*signed[part], *(i for i in now[part] if i not in signed[part])]:
            old, new = signed[part].get(item), now[part].get(item)
            if _moved(old, new):
                rows.append({"what": what, "item": names.get(item, item), "signed": old,
                             "now": new})
    for vendor in [*signed["scores"], *(v for v in now["scores"] if v not in signed["scores"])]:
        then, there = signed["scores"].get(vendor, {}), now["scores"].get(vendor, {})
        for criterion in [*then, *(c for c in there if c not in then)]:
            old, new = then.get(criterion), there.get(criterion)
            if _moved(old, new):
                rows.append({"what": "score",
                             "item": f"{vendor} · {names.get(criterion, criterion)}",
                             "signed": old, "now": new})
    ranks_then = {r["vendor"]: r["rank"] for r in signed["ranking"]}
    ranks_now = {r["vendor"]: r["rank"] for r in now["ranking"]}
    for vendor in [*ranks_then, *(v for v in ranks_now if v not in ranks_then)]:
        old, new = ranks_then.get(vendor), ranks_now.get(vendor)
        if old != new:
            rows.append({"what": "rank", "item": vendor, "signed": old, "now": new})
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def _text(what: str, value: Any) -> str:
    if value is None:
        return "—"
    if what in ("weight", "category weight"):
        return Kind.WEIGHT.text(value)
    if what in ("score", "must-have minimum"):
        return Kind.SCORE_5.text(value)
    if what == "rank":
        return Kind.COUNT.text(value)
    return str(value)


def differences_table(changed: pd.DataFrame) -> Table:
    """The differences as shown: each value with the digits of its kind."""
    frame = pd.DataFrame({
        "what": changed["what"], "item": changed["item"],
        "signed": [_text(w, v) for w, v in zip(changed["what"], changed["signed"])],
        "now": [_text(w, v) for w, v in zip(changed["what"], changed["now"])]})
    return Table(frame, (Column("what", "What"), Column("item", "Item", wide=True),
                         Column("signed", "At sign-off"), Column("now", "Now")))


def winner(payload: dict[str, Any]) -> str:
    """The ranked first vendor(s) of a payload, joined by " and " ("—" when none)."""
    first = [r["vendor"] for r in payload["ranking"] if r["rank"] == 1]
    return " and ".join(first) or "—"


def sign_offs_table(signed: list[workspace.sign_offs.SignOff],
                    now: dict[str, Any] | None) -> Table:
    """Every signed-off decision: when, who, the note, the winner then, its share of first
    places, and how many values moved since."""
    rows = []
    for record in signed:
        robust = record.payload["robustness"]
        top = winner(record.payload)
        share = (robust["first_share"].get(top) if robust and top in robust["first_share"]
                 else None)
        rows.append({"signed_at": record.signed_at, "signed_by": record.signed_by,
                     "note": record.note, "winner": top, "first_share": share,
                     "changed": len(differences(record.payload, now))})
    frame = pd.DataFrame(rows, columns=["signed_at", "signed_by", "note", "winner",
                                        "first_share", "changed"])
    return Table(frame, (Column("signed_at", "Signed at (UTC)"),
                         Column("signed_by", "Signed by"), Column("note", "Note", wide=True),
                         Column("winner", "Winner then"),
                         Column("first_share", "First in the draws then", Kind.SHARE),
                         Column("changed", "Values changed since", Kind.COUNT)))


_FIELDS = {"score": "score", "evidence": "evidence note", "weight": "weight",
           "method": "weighting method", "added": "added", "removed": "removed",
           "must_have": "must-have", "min_score": "minimum score", "name": "name",
           "description": "description", "direction": "direction", "company": "company",
           "status_note": "status note", "archived": "archived",
           "role": "role in the engagement"}


def audit_table(trail: pd.DataFrame) -> Table:
    """The audit trail as shown: newest first, with what changed in words."""
    trail = trail.iloc[::-1]
    frame = pd.DataFrame({
        "at": trail["at"].tolist(), "actor": trail["actor"].tolist(),
        "vendor": trail["vendor"].tolist(), "item": trail["item_name"].tolist(),
        "field": [_FIELDS.get(f, f) for f in trail["field"]],
        "old": trail["old_value"].tolist(), "new": trail["new_value"].tolist(),
        "note": trail["note"].tolist()})
    return Table(frame, (Column("at", "When (UTC)"), Column("actor", "Who"),
                         Column("vendor", "Vendor"), Column("item", "Criterion or category"),
                         Column("field", "Changed"), Column("old", "From"),
                         Column("new", "To"), Column("note", "Note", wide=True)))
