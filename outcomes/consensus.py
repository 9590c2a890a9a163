"""The consensus step in the results: which items a room disputes, and how an agreed value
takes the place of the individual answers.

**Disputed.** An item is disputed when the spread of its answers (their population standard
deviation) is above a threshold, among two answers or more. The facilitator states the
threshold on a 1-5 agreement scale (0.65 unless changed); on another scale the *equivalent*
threshold is the same share of that scale's range: ``threshold / 4 x range``. So 0.65 on
1-5 (range 4) is 16.25 % of the range, 0.8125 on the 0-5 vendor scores (range 5) and 0.4875
on the 1-4 maturity stages (range 3).

**Agreed values.** A value the group agreed on replaces, in every result, each individual
answer given to that item (a "don't know" stays one): the item's mean becomes the agreed
value and its spread 0, and every score built on it (a person's dimension score, the
dimension's, the culture score, a competency's stage, a vendor's weighted total) follows.
The individual answers are kept as they were given (answer and score CSVs, the Responses and
Evidence sheets); the agreed values are listed with their rationale everywhere results are.

No Streamlit here.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from reports.formats import Kind

#: The scale the facilitator states the dispute threshold on (1 to 5: a range of 4).
REFERENCE_RANGE = 4.0
SCORE_TOP = 5
KIND_NAMES = {"culture": "Culture statement", "maturity": "Maturity competency",
              "score": "Vendor score"}


def scale_range(kind: str, top: int) -> float:
    """The range of an item's answer scale: 1 to ``top`` for questionnaires, 0-5 for vendor
    scores."""
    return float(SCORE_TOP if kind == "score" else top - 1)


def equivalent(threshold: float, kind: str, top: int) -> float:
    """The dispute threshold on an item's own scale: the same share of its range as
    ``threshold`` is of the 1-5 scale's (0.65 -> 0.8125 on 0-5, 0.4875 on 1-4)."""
    return threshold / REFERENCE_RANGE * scale_range(kind, top)


def disputed(items: pd.DataFrame | None, threshold: float, tops: Mapping[str, int]
             ) -> pd.DataFrame:
    """The items of a room (``outcomes.room.ITEM_COLUMNS``) whose spread is above the
    threshold on their own scale, among two answers or more; the most disputed first (by
    spread as a share of the range). Adds ``limit`` (the threshold on the item's scale) and
    ``share``. ``tops`` gives the highest answer of "culture" and "maturity"."""
    if items is None or not len(items):
        return pd.DataFrame(columns=[*(items.columns if items is not None else []), "limit",
                                     "share"])
    ranges = items["kind"].map(lambda kind: scale_range(kind, tops.get(kind, SCORE_TOP)))
    frame = items.assign(limit=threshold / REFERENCE_RANGE * ranges,
                         share=items["spread"] / ranges)
    frame = frame[(frame["answers"] >= 2) & (frame["spread"] > frame["limit"] + 1e-12)]
    return frame.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def with_agreed(responses: pd.DataFrame, agreed: pd.DataFrame, kind: str, bank: str
                ) -> pd.DataFrame:
    """Questionnaire answers (``workspace.engagement_responses``) with each answer to an
    agreed item replaced by the agreed value ("don't know" stays)."""
    chosen = agreed[(agreed["kind"] == kind) & (agreed["bank"] == bank)]
    if not len(chosen) or not len(responses):
        return responses
    values = dict(zip(chosen["item"], chosen["value"].astype(float)))
    hit = responses["item"].isin(values) & ~responses["dont_know"].astype(bool)
    out = responses.copy()
    out.loc[hit, "value"] = out.loc[hit, "item"].map(values)
    return out


def with_agreed_scores(raw: pd.DataFrame, agreed: pd.DataFrame) -> pd.DataFrame:
    """A vendor x criterion matrix of mean scores with each agreed score in its cell (for a
    vendor and criterion the matrix has)."""
    chosen = agreed[agreed["kind"] == "score"]
    if not len(chosen):
        return raw
    out = raw.copy()
    for vendor, criterion, value in zip(chosen["vendor"], chosen["item"], chosen["value"]):
        if vendor in out.index and criterion in out.columns:
            out.loc[vendor, criterion] = float(value)
    return out


def round_stats(answers: Mapping[int, float | None]) -> tuple[float, float, int]:
    """Mean, spread (population standard deviation) and number of the answers of one round
    ("don't know" left out); NaN without answers."""
    values = [float(v) for v in answers.values() if v is not None]
    if not values:
        return math.nan, math.nan, 0
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return mean, spread, len(values)


def labelled(agreed: pd.DataFrame, labels: Mapping[tuple[str, str, str], str],
             answers: Mapping[tuple[str, str], Mapping[int, str]] | None = None
             ) -> pd.DataFrame:
    """Agreed values as every place lists them: ``what`` (kind in words), ``label`` (the
    statement, the competency, "vendor · criterion"), ``value``, ``value_text`` (the value
    with its scale's words, "3 · Neither agree nor disagree", as the workshop offered it),
    ``rationale``, ``agreed_on`` (the day). ``labels`` maps (kind, bank, item) to the item's
    words; vendor scores are labelled by vendor and criterion name
    (``labels[("score", "", criterion)]``); ``answers`` maps (kind, bank) to each answer's
    words (a vendor score has none: its number is its text)."""
    rows = []
    for row in agreed.itertuples(index=False):
        words = labels.get((row.kind, row.bank, row.item), row.item)
        if row.kind == "score":
            words = f"{row.vendor} · {words}"
        value = float(row.value)
        scale = (answers or {}).get((row.kind, row.bank), {})
        text = (f"{Kind.COUNT.text(value)} · {scale[int(value)]}"
                if value.is_integer() and int(value) in scale else Kind.MEAN.text(value))
        rows.append({"what": KIND_NAMES.get(row.kind, row.kind), "label": words,
                     "value": value, "value_text": text, "rationale": row.rationale,
                     "agreed_on": str(row.agreed_at)[:10]})
    return pd.DataFrame(rows, columns=["what", "label", "value", "value_text", "rationale",
                                       "agreed_on"])
