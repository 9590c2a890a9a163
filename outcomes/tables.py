"""The tables and headline numbers that appear in more than one place, made once.

The readiness report page, the vendor comparison page, the HTML report, the workbook and the
CSV files all take their rows, labels and formats from here, so a number reads the same in
each. Where data is missing a table says so (:attr:`Table.note`) or is None; nothing here
fills a gap with a verdict.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

import assessments
from datafiles.rounding import round_half_up
from outcomes.gather import Platforms, Readiness, rank_platforms
from reports.formats import MISSING, Column, Kind, Table, counted, table
from vendors import weighting
from vendors.decision import CATEGORIES_LEVEL, Decision

TOP_ACTIONS = 5
METHOD_NAMES = {"direct": "Direct entry", "points": "100-point allocation",
                "ahp": "AHP pairwise comparison"}


@dataclass(frozen=True)
class Metric:
    """A headline number: what it is, its value as shown, a caption and a tooltip."""
    label: str
    value: str
    caption: str = ""
    help: str = ""


# --- readiness ------------------------------------------------------------------------------

def culture_score_text(readiness: Readiness) -> str:
    """The overall culture score as shown ("69/100"), or "—" with no culture answers."""
    if not readiness.has_culture:
        return MISSING
    return f"{Kind.SCORE_100.text(readiness.culture.overall)}/100"


def culture_band(readiness: Readiness) -> assessments.bank.Band | None:
    """The band of the overall culture score as reported (None with no answers)."""
    if not readiness.has_culture:
        return None
    return readiness.culture_bank.band_for(
        assessments.scoring.reported_score(readiness.culture.overall))


def unanswered_areas(readiness: Readiness) -> tuple[list[str], list[str]]:
    """The culture dimensions and the competencies nobody has answered yet (names), when
    their questionnaire has answers elsewhere (a questionnaire nobody touched is said as a
    whole)."""
    dimensions = readiness.culture.dimensions
    competencies = readiness.maturity.competencies
    culture = (list(dimensions.loc[dimensions["answered"] == 0, "name"])
               if readiness.has_culture else [])
    maturity = (list(competencies.loc[competencies["stage"] == 0, "name"])
                if readiness.has_maturity else [])
    return culture, maturity


def readiness_metrics(readiness: Readiness) -> list[Metric]:
    """Culture readiness, maturity, people answering and gaps to close, as every place
    shows them; what is not answered is said beside the number it leaves out."""
    culture, maturity = readiness.culture, readiness.maturity
    bank, stages = readiness.culture_bank, readiness.maturity_bank
    band = culture_band(readiness)
    stage = maturity.overall_stage
    answered = culture.dimensions["answered"].sum()
    slots = culture.participants * len(bank.items)
    # A culture gap is a dimension below its target (shortfall, on the reported score);
    # the barriers are the gaps in the lowest band.
    below = int((culture.dimensions["shortfall"] > 0).sum())
    barriers = int((culture.dimensions["band"] == bank.bands[0].id).sum())
    gaps = int((maturity.competencies["gap"] > 0).sum())
    no_dimensions, no_competencies = unanswered_areas(readiness)
    known = []
    if readiness.has_culture:
        known.append(f"{counted(below, 'culture dimension')} below target "
                     f"({counted(barriers, 'barrier')})")
    if readiness.has_maturity:
        known.append(counted(gaps, "competency gap"))
    unknown = []
    if no_dimensions:
        unknown.append(counted(len(no_dimensions), "dimension"))
    if no_competencies:
        unknown.append(counted(len(no_competencies), "competency"))
    competencies_total = len(maturity.competencies)
    placed = competencies_total - len(no_competencies)
    maturity_caption = (stages.stage_name(stage)
                        + (f" · {placed} of {competencies_total} competencies answered"
                           if no_competencies else "")) if stage else "No maturity answers yet"
    return [
        Metric("Culture readiness", culture_score_text(readiness),
               f"Band: {band.label}" if band else "No culture answers yet",
               f"Importance-weighted mean of the dimension scores; target {bank.target:g}."),
        Metric("Maturity (overall)", f"Stage {stage}" if stage else MISSING,
               maturity_caption,
               "Median of the stages of the competencies answered, rounded down."),
        Metric("People answering", str(readiness.people),
               f"{Kind.SHARE.text(answered / slots)} of culture statements answered"
               if slots else "No culture answers yet"),
        Metric("Gaps to close", str(below + gaps) if known else MISSING,
               (", ".join(known) + (f"; not known for {' and '.join(unknown)} nobody "
                                     "answered" if unknown else ""))
               if known else "Nothing answered yet"),
    ]


def culture_table(readiness: Readiness) -> Table:
    """Culture readiness by dimension (a row per dimension, "—" where unanswered)."""
    frame = readiness.culture.dimensions.reset_index()
    return table(frame, [
        Column("name", "Dimension"),
        Column("score", "Score", Kind.SCORE_100, "Mean over people, 0-100"),
        Column("band_label", "Band"),
        Column("median", "Median", Kind.SCORE_100),
        Column("spread", "Spread", Kind.SPREAD_100, "Standard deviation between people"),
        Column("agreement", "Agreement", Kind.SHARE,
               "1 - spread / 50: 100% means everyone gave the same score"),
        Column("answered", "Answers", Kind.COUNT),
        Column("dont_know", "Don't know", Kind.COUNT),
        Column("coverage", "Coverage", Kind.SHARE)],
        note="" if readiness.has_culture else "Nobody has answered the culture "
                                              "questionnaire yet.")


def competencies_table(readiness: Readiness) -> Table:
    """Competencies today and at target; the gap only where someone answered."""
    frame = readiness.maturity.competencies.reset_index()
    answered = frame["stage"] > 0
    frame["stage_shown"] = frame["stage"].where(answered)
    frame["gap_shown"] = frame["gap"].where(answered)
    frame["priority_shown"] = frame["priority"].where(answered)
    return table(frame, [
        Column("name", "Competency"),
        Column("stage_shown", "Stage today", Kind.COUNT),
        Column("stage_name", "Today"),
        Column("target", "Target stage", Kind.COUNT),
        Column("target_name", "Target"),
        Column("gap_shown", "Gap (stages)", Kind.COUNT),
        Column("priority_shown", "Priority", Kind.PRIORITY, "Importance (1-5) x gap / 3"),
        Column("agreement", "Agreement", Kind.SHARE)],
        note="" if readiness.has_maturity else "Nobody has answered the maturity "
                                               "questionnaire yet.")


def barrier_table(readiness: Readiness) -> Table:
    """The culture statements at or below neutral, lowest first."""
    items = readiness.culture.items
    frame = items[items["barrier"]].sort_values("score").reset_index()
    names = {d.id: d.name for d in readiness.culture_bank.dimensions}
    frame["dimension"] = frame["dimension"].map(names)
    return table(frame, [
        Column("text", "Statement", wide=True),
        Column("dimension", "Dimension"),
        Column("score", "Score", Kind.SCORE_100, "0-100 after reverse scoring; 50 is neutral"),
        Column("agreement", "Agreement", Kind.SHARE),
        Column("dont_know", "Don't know", Kind.COUNT)],
        note="No statement scores at or below neutral." if frame.empty else "")


def disputed_table(readiness: Readiness, count: int = 5) -> Table:
    """The statements people disagree on most (lowest agreement first)."""
    frame = (readiness.culture.items.dropna(subset=["agreement"])
             .sort_values("agreement", kind="stable").head(count).reset_index())
    return table(frame, [
        Column("text", "Statement", wide=True),
        Column("score", "Score", Kind.SCORE_100),
        Column("spread", "Spread", Kind.SPREAD_100),
        Column("agreement", "Agreement", Kind.SHARE)])


AGREED_NOTE = ("Agreed in a workshop: each value replaces the individual answers of its item "
               "in every result (the individual answers are kept in the raw data).")


def agreed_table(agreed: pd.DataFrame) -> Table:
    """The values workshops agreed on (readiness items or vendor scores), with why: each
    replaces the individual answers of its item in every result."""
    return table(agreed, [
        Column("what", "What"),
        Column("label", "Item", wide=True),
        Column("value_text", "Agreed value",
               help="On the item's own scale: the answer (1-5), the stage (1-4) or the score "
                    "(0-5)"),
        Column("rationale", "Why", wide=True),
        Column("agreed_on", "Agreed on")],
        note=AGREED_NOTE if len(agreed) else "No value has been agreed in a workshop.")


def recommendations_table(readiness: Readiness) -> Table:
    """Every recommendation, ranked."""
    frame = readiness.recommendations.reset_index()
    frame["phase_title"] = frame["phase"].map(assessments.PHASE_TITLES)
    return table(frame, [
        Column("rank", "Rank", Kind.COUNT),
        Column("title", "Action"),
        Column("area_name", "Area"),
        Column("phase_title", "Phase"),
        Column("priority", "Priority", Kind.PRIORITY, "Importance x shortfall"),
        Column("detail", "Detail", wide=True)])


def top_actions(readiness: Readiness) -> pd.DataFrame:
    """The actions that matter most (at most one per area); empty without answers."""
    if not readiness.has_any:
        return readiness.recommendations.head(0)
    return assessments.top_actions(readiness.recommendations, TOP_ACTIONS)


def actions_note(readiness: Readiness) -> str:
    """What to say beside (or instead of) the top actions, given what was answered: which
    questionnaire, dimensions or competencies nobody answered (their gaps are unknown)."""
    note = _answered_note(readiness)
    extra = partial_note(readiness)
    return " ".join(part for part in (note, extra) if part)


def _answered_note(readiness: Readiness) -> str:
    culture, maturity = readiness.has_culture, readiness.has_maturity
    empty = top_actions(readiness).empty
    if not culture and not maturity:
        return ("Nobody has answered the questionnaires yet, so there is nothing to "
                "recommend.")
    if culture and maturity:
        if not empty:
            return ""
        if partial_note(readiness):
            return "No gap among the dimensions and competencies answered."
        return ("No gap to close: every culture dimension is at target and every competency "
                "at its target stage.")
    done, missing = (("culture", "maturity") if culture else ("maturity", "culture"))
    unknown = "competency gaps" if missing == "maturity" else "culture barriers"
    if empty:
        return (f"No gap in the {done} questionnaire. The {missing} questionnaire has no "
                f"answers yet, so its {unknown} are not known.")
    return (f"Only the {done} questionnaire has answers: {unknown} are not known yet and "
            "not in this list.")


def partial_note(readiness: Readiness) -> str:
    """Which dimensions or competencies nobody answered within questionnaires that have
    answers, so their gaps are not known ("" when every one has answers)."""
    dimensions, competencies = unanswered_areas(readiness)
    parts = []
    if dimensions:
        parts.append(f"{counted(len(dimensions), 'culture dimension')} ({', '.join(dimensions)})")
    if competencies:
        parts.append(f"{counted(len(competencies), 'competency')} ({', '.join(competencies)})")
    if not parts:
        return ""
    return (f"Nobody has answered {' or '.join(parts)} yet: their gaps are not known and "
            "not in the actions or the overall figures.")


def roadmap(readiness: Readiness) -> dict[str, pd.DataFrame] | None:
    """The pilot -> capability -> roll-out plan, or None when nobody answered."""
    if not readiness.has_any:
        return None
    scaling = (assessments.scaling_steps(readiness.culture_bank, readiness.culture)
               if readiness.has_culture else None)
    return assessments.roadmap(readiness.recommendations, scaling=scaling)


# --- platforms ------------------------------------------------------------------------------

def ranking_table(platforms: Platforms) -> Table:
    """The weighted ranking with the knock-out rule: passing vendors by rank, then the
    knocked-out ones with no rank and the reason."""
    frame = platforms.ranking.reset_index()
    return table(frame, [
        Column("rank", "Rank", Kind.COUNT, "Knocked-out vendors take no rank"),
        Column("vendor", "Vendor"),
        Column("score", "Weighted score (0-5)", Kind.SCORE_5),
        Column("closeness", "TOPSIS closeness", Kind.CLOSENESS,
               "Distance to the worst vendor / (distance to best + to worst), among the "
               "vendors that pass the must-haves"),
        Column("topsis_rank", "TOPSIS rank", Kind.COUNT),
        Column("knocked_out_by", "Knocked out by", wide=True),
        Column("pending", "Not scored yet", wide=True,
               help="The vendor's must-haves nobody has scored, or that nothing is scored")],
        note=ranking_note(platforms))


def ranking_note(platforms: Platforms) -> str:
    """What a reader must know before reading the ranking (equal weights, missing scores,
    knock-outs), or ""."""
    decision = platforms.decision
    notes = []
    if decision.unweighted:
        notes.append("equal weights are used where none were saved ("
                     + ", ".join("categories" if lv == CATEGORIES_LEVEL
                                 else decision.category_names[lv]
                                 for lv in decision.unweighted) + ")")
    if platforms.missing:
        notes.append(f"{platforms.missing} of {platforms.raw.size} scores are missing and "
                     "count as the worst score")
    out = platforms.knocked_out
    if out and not platforms.eligible:
        notes.append("every vendor fails a must-have, so none is ranked")
    elif out:
        notes.append(f"{counted(len(out), 'vendor')} "
                     f"{'fails' if len(out) == 1 else 'fail'} a must-have: listed last, "
                     "without a rank")
    inconsistent = [title for level, title in decision.levels()
                    if level in decision.ahp
                    and not weighting.is_consistent(decision.ahp[level].consistency_ratio)]
    if inconsistent:
        notes.append("the AHP judgments are inconsistent (CR above 0.10) for "
                     + ", ".join(inconsistent))
    return ("Read with care: " + "; ".join(notes) + ".") if notes else ""


def platform_metrics(platforms: Platforms) -> list[Metric]:
    """The leading vendor, its score and whether TOPSIS agrees, as every place shows them."""
    winner = platforms.winner
    tied = platforms.tied_first
    caption = "Best weighted score among the ranked vendors (passing every must-have)"
    if winner is None:
        leader = ("none (all knocked out)" if platforms.knocked_out
                  else "none (nothing scored yet)")
    elif len(tied) > 1:
        leader = f"{len(tied)} tied"
        caption = f"{' and '.join(tied)} share first place"
    else:
        leader = winner
    ranking = platforms.ranking
    topsis_first = [str(v) for v in ranking.index[ranking["topsis_rank"] == 1]]
    compared = bool(ranking["topsis_rank"].notna().any())
    return [
        Metric("Leading vendor", leader, caption),
        Metric("Weighted score", f"{Kind.SCORE_5.text(ranking.loc[winner, 'score'])} / 5"
               if winner else MISSING),
        Metric("TOPSIS agrees", MISSING if winner is None or not compared
               else "yes" if winner in topsis_first else "no",
               help="Whether TOPSIS (distance to the ideal vendor) ranks the same vendor "
                    "first"),
    ]


def consistency_table(decision: Decision) -> Table:
    """Each weight level: how it was weighed, and for AHP its consistency ratio and verdict
    (CR above 0.10 is flagged, the same test everywhere: :func:`weighting.is_consistent`)."""
    rows = []
    for level, title in decision.levels():
        method = decision.methods.get(level)
        result = decision.ahp.get(level)
        if level in decision.unweighted:
            verdict = "not weighed yet: equal weights"
        elif result is None:
            verdict = "set directly: no pairwise judgments to check"
        elif weighting.is_consistent(result.consistency_ratio):
            verdict = "consistent (CR 0.10 or less)"
        else:
            verdict = "inconsistent: CR above 0.10, revisit the judgments"
        items = (len(decision.category_weights) if level == CATEGORIES_LEVEL
                 else len(decision.criterion_weights[level]))
        rows.append({"level": title, "method": METHOD_NAMES.get(method, MISSING)
                     if level not in decision.unweighted else "Equal weights",
                     "items": items,
                     "cr": result.consistency_ratio if result is not None else None,
                     "verdict": verdict,
                     "inconsistent": result is not None and not weighting.is_consistent(
                         result.consistency_ratio)})
    frame = pd.DataFrame(rows, columns=["level", "method", "items", "cr", "verdict",
                                        "inconsistent"])
    return table(frame, [
        Column("level", "Level"),
        Column("method", "Method"),
        Column("items", "Items", Kind.COUNT),
        Column("cr", "Consistency ratio", Kind.RATIO,
               "AHP only: CR = CI / RI(n) with Saaty's random index (1980)"),
        Column("verdict", "Consistency")])


def with_category_weights(decision: Decision, category_weights: Mapping[str, float]
                          ) -> Decision:
    """The decision with other category weights (what-if), criterion weights unchanged.

    Raises:
        WeightsError: the weights are negative, not numbers, or all zero.
    """
    shares = weighting.direct_weights(pd.Series(dict(category_weights), dtype=float)
                                      .reindex(decision.category_weights.index))
    return replace(decision, category_weights=shares,
                   weights=weighting.global_weights(shares, decision.criterion_weights))


def what_if(platforms: Platforms, category_weights: Mapping[str, float]
            ) -> tuple[Platforms, Table]:
    """The comparison under trial category weights, and the table of saved against trial
    ranks (the knock-out rule applies to both).

    Raises:
        WeightsError: the trial weights are negative, not numbers, or all zero.
    """
    trial = rank_platforms(with_category_weights(platforms.decision, category_weights),
                           platforms.raw)
    saved = platforms.ranking
    frame = trial.ranking[["rank", "score", "knocked_out_by"]].rename(
        columns={"rank": "rank_trial", "score": "score_trial"})
    frame["rank"] = saved["rank"].reindex(frame.index)
    frame["score"] = saved["score"].reindex(frame.index)
    frame["change"] = (frame["rank"] - frame["rank_trial"]).astype("Int64")
    return trial, table(frame.reset_index(), [
        Column("vendor", "Vendor"),
        Column("rank", "Saved rank", Kind.COUNT),
        Column("score", "Saved score", Kind.SCORE_5),
        Column("rank_trial", "Trial rank", Kind.COUNT),
        Column("score_trial", "Trial score", Kind.SCORE_5),
        Column("change", "Places gained", Kind.CHANGE),
        Column("knocked_out_by", "Knocked out by", wide=True)])


def robustness_table(thresholds: pd.DataFrame, category_names: Mapping[str, str]) -> Table:
    """For each category, the weight range over which the winner stays first and who takes
    first place outside it (``thresholds`` from ``rank_reversal_thresholds``)."""
    frame = thresholds.reset_index(names="category_id")
    frame["category"] = frame["category_id"].map(category_names)

    def flip(row: pd.Series) -> str:
        parts = []
        if row["challenger_low"]:
            parts.append(f"below {bound_text(row['low'])} {row['challenger_low']} "
                         "takes first place")
        if row["challenger_high"]:
            parts.append(f"above {bound_text(row['high'])} {row['challenger_high']} "
                         "takes first place")
        return "; ".join(parts) or "no weight of this category changes the winner"

    frame["what_happens"] = [flip(row) for _, row in frame.iterrows()]
    return table(frame, [
        Column("category", "Category"),
        Column("current", "Weight now", Kind.WEIGHT),
        Column("low", "Holds from", Kind.WEIGHT),
        Column("high", "Holds up to", Kind.WEIGHT),
        Column("what_happens", "Otherwise", wide=True)])


def bound_text(bound: float) -> str:
    """A weight bound as a weight (``0.5%``), with more digits where that would read 0% or
    100% although the bound lies strictly between (never a "below 0%" no weight can reach)."""
    decimals = Kind.WEIGHT.decimals
    while 0 < bound < 1 and round_half_up(bound * 100, decimals) in (0, 100) and decimals < 4:
        decimals += 1
    return f"{round_half_up(bound * 100, decimals):.{decimals}f}%"


def acceptability_summary(acceptability: pd.DataFrame, draws: int) -> str:
    """Who ranks first how often, in one sentence (``acceptability``: vendor x rank). Tied
    vendors share first place, so several may rank first in the same draws."""
    first = acceptability[1].sort_values(ascending=False, kind="stable")
    leaders = [str(v) for v, share in first.items() if share == first.iloc[0]]
    if len(leaders) > 1:
        text = (f"{' and '.join(leaders)} each rank first (tied) in "
                f"{Kind.SHARE.text(first.iloc[0])} of {draws:,} simulated weightings")
    else:
        text = (f"{first.index[0]} ranks first in {Kind.SHARE.text(first.iloc[0])} of "
                f"{draws:,} simulated weightings")
    rest = first.iloc[len(leaders):]
    if len(rest) and rest.iloc[0] > 0:
        text += f"; {rest.index[0]} in {Kind.SHARE.text(rest.iloc[0])}"
    return text + "."


def tie_note(platforms: Platforms) -> str:
    """What robustness can say when vendors tie for first place at the saved weights."""
    return (f"{' and '.join(platforms.tied_first)} tie for first place at the saved weights: "
            "there is no single winner whose lead one weight could change. Rank "
            "acceptability shows how often each ranks first when the weights vary.")


# --- the board pack: the answer, criteria, must-haves, positioning, coverage ------------------
# Shared by the board pack (outcomes/pack.py), the HTML report and the comparison page.

def readiness_verdict(readiness: Readiness) -> str:
    """Ready or not, in one sentence, from the culture band and the maturity gaps as
    reported; says what is not known instead of guessing it."""
    if not readiness.has_any:
        return "Readiness is not known yet: nobody has answered the questionnaires."
    parts = []
    band = culture_band(readiness)
    bank = readiness.culture_bank
    if band is not None:
        parts.append(f"culture readiness {culture_score_text(readiness)} ({band.label}; "
                     f"target {bank.target:g})")
    stage = readiness.maturity.overall_stage
    gaps = int((readiness.maturity.competencies["gap"] > 0).sum()) if readiness.has_maturity \
        else 0
    if readiness.has_maturity:
        parts.append(f"maturity stage {stage} of {len(readiness.maturity_bank.stages)} "
                     f"({readiness.maturity_bank.stage_name(stage)}), "
                     f"{gaps} competenc{'y' if gaps == 1 else 'ies'} below target")
    culture_ready = band is not None and band.id == bank.bands[-1].id
    if not readiness.has_culture:
        verdict = "Not known yet (no culture answers)"
    elif not readiness.has_maturity:
        verdict = ("Ready in culture, maturity not known yet" if culture_ready
                   else "Not ready yet")
    else:
        verdict = "Ready" if culture_ready and gaps == 0 else "Not ready yet"
    return f"{verdict}: " + "; ".join(parts) + "."


def lead_margin(platforms: Platforms) -> float | None:
    """How far the winner's weighted score is ahead of the best other passing vendor
    (0 for a tie), or None with fewer than two passing vendors."""
    eligible = platforms.eligible
    if len(eligible) < 2:
        return None
    scores = platforms.ranking.loc[eligible, "score"]
    return float(scores.iloc[0] - scores.iloc[1])


def first_place_metric(platforms: Platforms | None, acceptability: pd.DataFrame | None,
                       draws: int, spread: str) -> Metric:
    """How often the winner ranks first when the weights vary (the comparison page's
    default spread), or "—" where there is nothing to simulate."""
    winner = platforms.winner if platforms is not None else None
    if winner is None or acceptability is None:
        caption = ("Needs two vendors that pass the must-haves" if platforms is not None
                   else "No vendor scored yet")
        return Metric("First place when weights vary", MISSING, caption)
    return Metric("First place when weights vary",
                  Kind.SHARE.text(acceptability.loc[winner, 1]),
                  f"of {draws:,} simulated weightings ({spread} spread)",
                  "Monte-Carlo rank acceptability among the vendors that pass the must-haves")


def margin_metric(platforms: Platforms | None) -> Metric:
    """The winner's lead over the runner-up as a headline number."""
    margin = lead_margin(platforms) if platforms is not None else None
    if margin is None:
        return Metric("Lead over the runner-up", MISSING,
                      "Needs two vendors that pass the must-haves" if platforms is not None
                      else "No vendor scored yet")
    runner_up = platforms.eligible[1]
    return Metric("Lead over the runner-up", Kind.SCORE_5.text(margin),
                  f"points of 5 ahead of {runner_up}" if Kind.SCORE_5.shown(margin)
                  else f"tied with {runner_up}")


def knockout_lines(platforms: Platforms) -> list[str]:
    """Who fails a must-have and why, one line per vendor (or that none does), and the
    must-haves still waiting for a score."""
    decision = platforms.decision
    if not decision.minimums:
        lines = ["No criterion is a must-have: no vendor can be knocked out."]
    elif not platforms.knocked_out:
        lines = ["No vendor fails a must-have."]
    else:
        reasons = platforms.ranking["knocked_out_by"]
        lines = [f"{vendor} is knocked out: {reasons[vendor]}."
                 for vendor in platforms.knocked_out]
    pending = platforms.pending_scores
    if len(pending):
        lines.append(f"{counted(len(pending), 'must-have score')} not given yet, so they knock no "
                     "one out so far.")
    return lines


def category_weights_table(decision: Decision) -> Table:
    """Each category's weight and how many criteria (and must-haves) it holds."""
    frame = pd.DataFrame({
        "category": [decision.category_names[c] for c in decision.category_weights.index],
        "weight": decision.category_weights.to_numpy(),
        "criteria": [len(decision.criterion_weights[c])
                     for c in decision.category_weights.index],
        "must_haves": [sum(1 for k in decision.criterion_weights[c].index
                           if k in decision.minimums)
                       for c in decision.category_weights.index]})
    return table(frame, [
        Column("category", "Category"),
        Column("weight", "Weight", Kind.WEIGHT),
        Column("criteria", "Criteria", Kind.COUNT),
        Column("must_haves", "Must-haves", Kind.COUNT)])


def criteria_table(decision: Decision) -> Table:
    """Every criterion with its global weight (category x criterion), heaviest first."""
    frame = pd.DataFrame({
        "criterion": [decision.criterion_names[c] for c in decision.weights.index],
        "category": [decision.category_names[decision.categories[c]]
                     for c in decision.weights.index],
        "weight": decision.weights.to_numpy(),
        "direction": [decision.directions[c].value for c in decision.weights.index],
        "minimum": [decision.minimums.get(c) for c in decision.weights.index]})
    frame = frame.sort_values("weight", ascending=False, kind="stable")
    return table(frame, [
        Column("criterion", "Criterion"),
        Column("weight", "Global weight", Kind.WEIGHT, "Category weight x weight within it"),
        Column("category", "Category"),
        Column("direction", "Direction"),
        Column("minimum", "Must-have minimum", Kind.MEAN)])


def must_have_table(platforms: Platforms) -> Table:
    """Each must-have: its minimum, the vendors scored below it, and who is not scored yet."""
    decision = platforms.decision
    rows = []
    for criterion, minimum in decision.minimums.items():
        failing = platforms.knocked[platforms.knocked["criterion"] == criterion]
        pending = platforms.pending_scores[platforms.pending_scores["criterion"] == criterion]
        rows.append({"criterion": decision.criterion_names[criterion], "minimum": minimum,
                     "below": ", ".join(map(str, failing["vendor"])) or "none",
                     "pending": len(pending)})
    frame = pd.DataFrame(rows, columns=["criterion", "minimum", "below", "pending"])
    return table(frame, [
        Column("criterion", "Must-have"),
        Column("minimum", "Minimum score", Kind.MEAN),
        Column("below", "Vendors below it", wide=True),
        Column("pending", "Not scored yet", Kind.COUNT)],
        note="" if rows else "No criterion is a must-have.")


def positioning_axes(decision: Decision) -> tuple[list[str], list[str]]:
    """The comparison page's default 2x2 axes: the first half of the categories across,
    the rest up (category ids in taxonomy order)."""
    ids = list(decision.category_names)
    half = max(1, len(ids) // 2)
    return ids[:half], ids[half:]


def positioning_axis_title(decision: Decision, chosen: list[str]) -> str:
    """An axis of the 2x2 named by every category on it."""
    return " + ".join(decision.category_names[c] for c in chosen)


def positioning_points(platforms: Platforms, x_ids: list[str], y_ids: list[str]
                       ) -> pd.DataFrame:
    """vendor, x, y: each ranked vendor's weighted score (0-5) over the categories of each
    axis (their contributions over their weights), in ranking order; knocked-out and unscored
    vendors are left out (see :func:`positioning_note`)."""
    decision = platforms.decision
    weights = decision.category_weights.rename(index=decision.category_names)
    contributions = platforms.contributions

    def axis(chosen: list[str]) -> pd.Series:
        columns = [decision.category_names[c] for c in chosen]
        total = weights[columns].sum()
        summed = contributions[columns].sum(axis=1)
        return summed / total if total > 0 else summed * 0

    placed = platforms.eligible   # the vendors in the ranking, as the robustness analysis
    return pd.DataFrame({"vendor": placed, "x": axis(x_ids).reindex(placed).to_numpy(),
                         "y": axis(y_ids).reindex(placed).to_numpy()})


def positioning_note(platforms: Platforms) -> str:
    """Who the 2x2 leaves out and why ("" when it places every vendor)."""
    left = [*platforms.knocked_out, *platforms.unscored]
    if not platforms.eligible:
        return "No vendor is in the ranking (each fails a must-have or is not scored yet)."
    if not left:
        return ""
    return (f"Only the vendors in the ranking are placed; left out: {', '.join(left)} "
            "(knocked out or not scored yet).")


def acceptability_table(acceptability: pd.DataFrame, ranks: int = 5) -> Table:
    """The probability of each vendor holding each of the first ``ranks`` ranks."""
    shown = [r for r in acceptability.columns if int(r) <= ranks]
    frame = acceptability[shown].copy()
    frame.columns = [f"rank_{int(r)}" for r in shown]
    frame = frame.reset_index(names="vendor")
    return table(frame, [Column("vendor", "Vendor"),
                         *[Column(f"rank_{int(r)}", f"Rank {int(r)}", Kind.SHARE)
                           for r in shown]])


def snapshot_table(overview: pd.DataFrame) -> Table:
    """Saved snapshots as the Readiness report lists them (``overview`` from
    ``assessments.summary.snapshot_overview``)."""
    return table(overview, [
        Column("day", "Snapshot"),
        Column("label", "Label"),
        Column("culture", "Culture readiness", Kind.SCORE_100),
        Column("maturity", "Maturity (overall)"),
        Column("participants", "People answering", Kind.COUNT)])


def coverage_table(readiness: Readiness, platforms: Platforms | None, snapshots: int
                   ) -> Table:
    """How much data stands behind the results: who answered, what was scored, what is
    missing, which weight levels nobody weighed."""
    culture, maturity = readiness.culture, readiness.maturity
    answered = int(culture.dimensions["answered"].sum())
    dont_know = int(culture.dimensions["dont_know"].sum())
    slots = culture.participants * len(readiness.culture_bank.items)
    placed = int((maturity.competencies["stage"] > 0).sum())
    rows = [
        ("Culture questionnaire", f"{culture.participants} people; {answered} of {slots} "
                                  f"answers scored ({Kind.SHARE.text(answered / slots) if slots else MISSING}), "
                                  f"{dont_know} \"don't know\""),
        ("Maturity questionnaire", f"{maturity.participants} people; {placed} of "
                                   f"{len(readiness.maturity_bank.competencies)} competencies "
                                   "placed at a stage"),
        ("Snapshots", f"{snapshots} saved" + ("" if snapshots >= 2 else
                                             ": a trend needs two")),
    ]
    if platforms is None:
        rows.append(("Vendor scores", "none yet: no ranking"))
    else:
        decision = platforms.decision
        given = platforms.raw.size - platforms.missing
        rows += [
            ("Vendors and criteria", f"{len(platforms.ranking)} vendors, "
                                     f"{len(decision.weights)} criteria in "
                                     f"{len(decision.category_weights)} categories"),
            ("Vendor scores", f"{given} of {platforms.raw.size} given; {platforms.missing} "
                              "missing (count as the worst score)"),
            ("Must-haves", f"{len(decision.minimums)}; "
                           f"{counted(len(platforms.knocked_out), 'vendor')} knocked out, "
                           f"{counted(len(platforms.pending_scores), 'score')} pending"),
            ("Weight levels", "all weighed" if not decision.unweighted else
             "equal weights (nobody weighed): " + ", ".join(
                 "categories" if level == CATEGORIES_LEVEL else decision.category_names[level]
                 for level in decision.unweighted)),
        ]
    frame = pd.DataFrame(rows, columns=["what", "how_much"])
    return table(frame, [Column("what", "Data"), Column("how_much", "Coverage", wide=True)])


# --- the numbers behind a chart (its text alternative on the page) ---------------------------

def maturity_distribution_table(distribution: pd.DataFrame, competencies: pd.DataFrame,
                                stage_names: list[str]) -> Table:
    """The maturity heatmap's numbers: per competency, the share of people at each stage
    (``distribution`` and ``competencies`` as :func:`reports.charts.maturity_heatmap` takes
    them)."""
    shares = distribution.rename(columns=int)
    frame = pd.DataFrame({"name": competencies["name"].reindex(shares.index)})
    columns = [Column("name", "Competency")]
    for level, stage in enumerate(stage_names, start=1):
        frame[f"stage_{level}"] = shares[level] if level in shares else None
        columns.append(Column(f"stage_{level}", f"{level}. {' '.join(str(stage).split())}",
                              Kind.SHARE))
    return table(frame, columns)


def weights_numbers(weights: pd.DataFrame) -> Table:
    """A weights chart's numbers: ``weights`` has item and weight (0-1)."""
    return table(weights, [Column("item", "Item"), Column("weight", "Weight", Kind.WEIGHT)])


def positioning_table(points: pd.DataFrame, x_title: str, y_title: str) -> Table:
    """The 2x2 positioning's numbers: each vendor's weighted score (0-5) on both axes
    (``points`` as :func:`positioning_points` makes it)."""
    return table(points, [Column("vendor", "Vendor"), Column("x", x_title, Kind.SCORE_5),
                          Column("y", y_title, Kind.SCORE_5)])


def _snapshot_names(trend: pd.DataFrame) -> list[str]:
    return [f"{day} · {label}" if label else str(day)
            for day, label in zip(trend["day"], trend["label"].fillna(""))]


def culture_trend_table(trend: pd.DataFrame) -> Table:
    """The culture trend chart's numbers: each snapshot's score overall and per dimension
    (``trend`` as :func:`assessments.summary.culture_trend` makes it)."""
    frame = trend.assign(snapshot=_snapshot_names(trend))
    return table(frame, [Column("snapshot", "Snapshot"), Column("area", "Dimension"),
                         Column("score", "Score", Kind.SCORE_100)])


def maturity_trend_table(trend: pd.DataFrame) -> Table:
    """The maturity trend chart's numbers: each snapshot's stage overall and per competency
    (``trend`` as :func:`assessments.summary.maturity_trend` makes it)."""
    frame = trend.assign(snapshot=_snapshot_names(trend))
    return table(frame, [Column("snapshot", "Snapshot"), Column("area", "Competency"),
                         Column("stage", "Stage", Kind.COUNT), Column("stage_name", "Stage name")])
