"""Gathering one engagement's results from the workspace: readiness and the platform decision.

The pages (behind their caches), every export, ``bench/`` and scripts call these, so every
place starts from the same numbers. Nothing here draws or caches.

The knock-out rule, the same in every table, chart and export: a vendor scored below a
must-have's minimum is *knocked out*. It keeps its weighted score (so a reader sees what it
would have earned) but takes no rank, no TOPSIS closeness and no part in the robustness
analysis or the positioning; it is listed after every vendor that passes, with the reason. A
must-have nobody has scored yet knocks no one out ("pending"), and is said. A vendor nobody
has scored at all is listed after the ranked ones, without a rank ("nothing scored yet").
TOPSIS closeness is given only where there are two or more ranked vendors that differ.

A value a workshop agreed on takes the place of the individual answers of its item in
every result (see :mod:`outcomes.consensus`); ``agreed`` lists them for every place to show.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

import assessments
import workspace
from assessments.recommendations import combine
from outcomes import consensus, pulse
from outcomes.pulse import PulseResults
from reports.formats import Kind
from vendors import scoring
from vendors.decision import Decision, build_decision

BankLoader = Callable[[str], assessments.Bank]
#: What the ranking says of a vendor nobody has scored yet.
NOT_SCORED = "nothing scored yet"
AGREED = ["what", "label", "value", "value_text", "rationale", "agreed_on"]


def _no_agreed() -> pd.DataFrame:
    return pd.DataFrame(columns=AGREED)


@dataclass(frozen=True)
class Readiness:
    """Scores, stages and ranked recommendations of an engagement's questionnaires.

    ``pulse`` is the organization-wide pulse set beside them: the results of the most
    recently closed campaign with scores (None without one); its recommendations are ranked
    in with the leaders' (source "Pulse").
    """
    culture_bank: assessments.LikertBank
    culture: assessments.CultureResult
    maturity_bank: assessments.StagedBank
    maturity: assessments.MaturityResult
    recommendations: pd.DataFrame
    agreed: pd.DataFrame = field(default_factory=_no_agreed)
    pulse: PulseResults | None = None
    #: The action plan as saved (``workspace.actions.action_plan``): owner, due, status by
    #: action key; see :mod:`outcomes.actions`.
    plan: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def has_culture(self) -> bool:
        """Someone scored at least one culture statement (a "don't know" scores nothing)."""
        return bool(self.culture.dimensions["answered"].sum() > 0)

    @property
    def has_maturity(self) -> bool:
        """Someone placed at least one competency at a stage."""
        return bool((self.maturity.competencies["stage"] > 0).any())

    @property
    def has_any(self) -> bool:
        return self.has_culture or self.has_maturity

    @property
    def people(self) -> int:
        """How many people answered either questionnaire (at most; the larger count)."""
        return max(self.culture.participants, self.maturity.participants)


@dataclass(frozen=True)
class Platforms:
    """The vendor comparison of an engagement, with the knock-out rule applied.

    Attributes:
        decision: weights, categories, criteria, directions, minimums, methods, AHP results.
        raw: vendor x criterion mean scores, NaN where nobody scored.
        matrix: ``raw`` with missing scores counted as the worst.
        missing: how many cells of ``raw`` are not scored.
        ranking: one row per vendor, passing vendors first in rank order, then the knocked
            out ones: ``score`` (weighted, 0-5, every vendor), ``rank`` and ``topsis_rank``
            (Int64, NA when knocked out), ``closeness`` (NaN when knocked out),
            ``knocked_out_by`` (the failing must-haves, "" when it passes) and ``pending``
            (must-haves not scored yet, "" when none).
        knocked: the failing must-haves that were scored (vendor, criterion, score, minimum).
        pending_scores: must-haves nobody scored yet (vendor, criterion).
        contributions: vendor x category name, in ranking order and taxonomy order.
        agreed: the scores a workshop agreed on (they are in ``raw``), as listed everywhere.
        costs: the vendors' cost inputs (``workspace.costs.vendor_costs``: licence, users,
            implementation, horizon; NaN where not given), for value for money.
        currency: the ISO code the costs are stated in.
    """
    decision: Decision
    raw: pd.DataFrame
    matrix: pd.DataFrame
    missing: int
    ranking: pd.DataFrame
    knocked: pd.DataFrame
    pending_scores: pd.DataFrame
    contributions: pd.DataFrame
    agreed: pd.DataFrame = field(default_factory=_no_agreed)
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)
    currency: str = workspace.costs.DEFAULT_CURRENCY

    @property
    def eligible(self) -> list[str]:
        """The vendors in the ranking (scored, passing every scored must-have), best first."""
        return [str(v) for v in self.ranking.index[self.ranking["rank"].notna()]]

    @property
    def unscored(self) -> list[str]:
        """The vendors nobody has scored yet (listed, not ranked)."""
        return [str(v) for v, why in self.ranking["pending"].items() if why == NOT_SCORED]

    @property
    def knocked_out(self) -> list[str]:
        return [v for v, out in zip(self.ranking.index, self.ranking["knocked_out_by"]) if out]

    @property
    def winner(self) -> str | None:
        """The best vendor that passes the must-haves (None when all are knocked out)."""
        leaders = self.ranking[self.ranking["rank"] == 1]
        return str(leaders.index[0]) if len(leaders) else None

    @property
    def tied_first(self) -> list[str]:
        return [str(v) for v in self.ranking.index[self.ranking["rank"] == 1]]


def _parse_installed(bank_id: str, data: dict) -> assessments.Bank:
    return assessments.parse_bank(data, f"{bank_id} (installed)")


def bank(database: workspace.Database, bank_id: str, kind: str,
         shipped: BankLoader = assessments.load_bank,
         installed: Callable[[str, dict], assessments.Bank] = _parse_installed
         ) -> assessments.Bank:
    """A shipped or installed bank of the given kind ("likert" or "staged").

    ``shipped(bank_id)`` loads a bank file and ``installed(bank_id, data)`` parses an
    installed bank (pages pass loaders that cache).

    Raises:
        BankError: the installed bank no longer validates, or is of the other kind.
        NotFound: no bank with this id exists.
    """
    if bank_id in assessments.available_banks():
        found = shipped(bank_id)
    else:
        found = installed(bank_id, workspace.installed_bank_data(database, bank_id))
    if found.kind != kind:
        raise assessments.BankError(f"“{bank_id}” is a {found.kind} bank, not {kind}.")
    return found


def engagement_banks(database: workspace.Database, engagement_id: int,
                     load: Callable[[str, str], assessments.Bank] | None = None
                     ) -> tuple[assessments.LikertBank, assessments.StagedBank]:
    """The culture (likert) and maturity (staged) banks an engagement uses.

    ``load(bank_id, kind)`` finds a bank (default: :func:`bank` on this database).

    Raises:
        BankError, NotFound: as :func:`bank`.
    """
    engagement = workspace.get_engagement(database, engagement_id)
    load = load or (lambda bank_id, kind: bank(database, bank_id, kind))
    return load(engagement.culture_bank, "likert"), load(engagement.maturity_bank, "staged")


def readiness(database: workspace.Database, engagement_id: int,
              banks: tuple[assessments.LikertBank, assessments.StagedBank] | None = None,
              pulse_results: Callable[[int], PulseResults] | None = None) -> Readiness:
    """Scores, stages and ranked recommendations of an engagement's questionnaires, with
    its latest closed pulse beside them (``pulse_results`` gives a campaign's results; pages
    pass their cache).

    Raises:
        BankError, NotFound: the engagement's banks cannot be used (see :func:`bank`).
    """
    culture_bank, maturity_bank = banks or engagement_banks(database, engagement_id)
    agreed = workspace.consensus.agreed_values(database, engagement_id)
    culture = assessments.score(culture_bank, consensus.with_agreed(
        workspace.engagement_responses(database, engagement_id, culture_bank.id), agreed,
        "culture", culture_bank.id))
    maturity = assessments.score(
        maturity_bank, consensus.with_agreed(
            workspace.engagement_responses(database, engagement_id, maturity_bank.id), agreed,
            "maturity", maturity_bank.id),
        workspace.get_targets(database, engagement_id, maturity_bank.id))
    mine = agreed[((agreed["kind"] == "culture") & (agreed["bank"] == culture_bank.id))
                  | ((agreed["kind"] == "maturity") & (agreed["bank"] == maturity_bank.id))]
    labels = {**{("culture", culture_bank.id, i.id): i.text for i in culture_bank.items},
              **{("maturity", maturity_bank.id, c.id): c.name
                 for c in maturity_bank.competencies}}
    organization = pulse.latest_results(database, engagement_id, load=pulse_results)
    ranked = assessments.recommend(culture_bank, culture, maturity_bank, maturity)
    if organization is not None:
        ranked = combine(ranked, pulse.recommendations(organization))
    return Readiness(culture_bank, culture, maturity_bank, maturity, ranked,
                     consensus.labelled(mine, labels, {
                         ("culture", culture_bank.id): dict(enumerate(culture_bank.labels, 1)),
                         ("maturity", maturity_bank.id): {
                             s.level: s.name for s in maturity_bank.stages}}), organization,
                     workspace.actions.action_plan(database, engagement_id))


def _reasons(frame: pd.DataFrame, names: dict[str, str], text: Callable[[pd.Series], str]
             ) -> dict[str, str]:
    """vendor -> "; "-joined reasons, one per row of ``frame`` (in its order)."""
    reasons: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        reasons.setdefault(row["vendor"], []).append(text(row))
    return {vendor: "; ".join(parts) for vendor, parts in reasons.items()}


def rank_platforms(decision: Decision, raw: pd.DataFrame) -> Platforms:
    """The comparison of ``raw`` (vendor x criterion means, NaN = not scored) under
    ``decision``, with the knock-out rule applied (see the module docstring).

    Raises:
        ScoresError, WeightsError: the scores or weights are unusable (see vendors.scoring).
    """
    # A missing score counts as the worst: 0 on a benefit criterion, most costly on a cost one.
    worst = pd.Series({c: scoring.SCORE_MAX if decision.directions[c] == scoring.Direction.COST
                       else scoring.SCORE_MIN for c in raw.columns}, dtype=float)
    matrix = raw.fillna(worst)
    failing = scoring.knockouts(raw, decision.minimums)
    knocked = failing[failing["score"].notna()].reset_index(drop=True)
    pending = failing[failing["score"].isna()].reset_index(drop=True)
    names = decision.criterion_names
    out = _reasons(knocked, names, lambda r: f"{names[r['criterion']]} "
                                             f"{Kind.SCORE_5.text(r['score'])} < {r['minimum']:g}")
    waiting = _reasons(pending, names, lambda r: f"{names[r['criterion']]} not scored")

    everyone = scoring.rank_vendors(matrix, decision.weights, decision.directions)
    # A vendor nobody has scored yet has no result to rank: it is listed, not ranked.
    unscored = [v for v in raw.index if v not in out and raw.loc[v].isna().all()]
    waiting |= {v: NOT_SCORED for v in unscored}
    passing = [v for v in matrix.index if v not in out and v not in unscored]
    frame = pd.DataFrame({"score": everyone["score"]}).reindex(matrix.index)
    frame["rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["closeness"] = float("nan")
    frame["topsis_rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    if passing:
        ranked = scoring.rank_vendors(matrix.loc[passing], decision.weights, decision.directions)
        frame.loc[ranked.index, "rank"] = ranked["rank"].astype("Int64")
        order = list(ranked.index)
        # TOPSIS compares candidates with the best and worst among them: with one candidate,
        # or candidates that differ on no weighted criterion, there is nothing to measure.
        weighted = matrix.loc[passing, list(decision.weights.index[decision.weights > 0])]
        if len(weighted.drop_duplicates()) > 1:
            closeness = scoring.topsis(matrix.loc[passing], decision.weights,
                                       decision.directions)
            frame.loc[closeness.index, "closeness"] = closeness["closeness"]
            frame.loc[closeness.index, "topsis_rank"] = closeness["rank"].astype("Int64")
    else:
        order = []
    # Vendors not scored yet after the ranked ones (by name); knocked-out vendors last, best
    # score first, then by name.
    rest = sorted(unscored, key=str) + sorted(
        (v for v in matrix.index if v in out),
        key=lambda v: (-round(float(frame.loc[v, "score"]), scoring.RANK_DECIMALS), str(v)))
    frame = frame.loc[order + rest]
    frame["knocked_out_by"] = [out.get(v, "") for v in frame.index]
    frame["pending"] = [waiting.get(v, "") for v in frame.index]
    frame.index.name = "vendor"
    contributions = scoring.contributions(matrix, decision.weights, decision.categories,
                                          decision.directions)
    contributions = contributions.loc[frame.index].rename(columns=decision.category_names)
    return Platforms(decision=decision, raw=raw, matrix=matrix,
                     missing=int(raw.isna().sum().sum()), ranking=frame, knocked=knocked,
                     pending_scores=pending, contributions=contributions)


def platforms(database: workspace.Database, engagement_id: int) -> Platforms | None:
    """The vendor comparison, or None while criteria, vendors or scores are missing."""
    criteria = workspace.list_criteria(database, engagement_id)
    vendors = workspace.list_vendors(database, engagement_id)
    long = workspace.engagement_scores(database, engagement_id)
    if not criteria or not vendors or long["score"].notna().sum() == 0:
        return None
    decision = build_decision(workspace.list_categories(database, engagement_id), criteria,
                              workspace.get_weights(database, engagement_id))
    aggregated = scoring.aggregate_scorers(long.dropna(subset=["score"])[
        ["scorer", "vendor", "criterion", "score"]])
    raw = scoring.to_matrix(aggregated).reindex(index=[v.name for v in vendors],
                                                columns=list(decision.weights.index))
    agreed = workspace.consensus.agreed_values(database, engagement_id)
    scored = agreed[(agreed["kind"] == "score") & agreed["vendor"].isin(raw.index)
                    & agreed["item"].isin(raw.columns)]
    ranked = rank_platforms(decision, consensus.with_agreed_scores(raw, scored))
    return replace(ranked, agreed=consensus.labelled(
        scored, {("score", "", c): decision.criterion_names[c] for c in raw.columns}),
        costs=workspace.costs.vendor_costs(database, engagement_id).reindex(raw.index),
        currency=workspace.costs.get_currency(database, engagement_id))
