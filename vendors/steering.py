"""Readiness steers the platform choice: rules (data, ``vendors/data/steering.toml``) that turn
readiness results into suggested category weights and must-haves, each with its reason and
source.

:func:`load_rules` reads and checks the rules file; :func:`suggest` applies the rules that
fire to an engagement's current weights and must-haves, without changing anything: accepting
a suggestion is the caller's (see ``outcomes.steering``).
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendors.errors import VendorsError

RULES_PATH = Path(__file__).parent / "data" / "steering.toml"
#: Culture bands from the lowest; a rule on "developing" also fires on "barrier".
BANDS = ("barrier", "developing", "ready")
STAGES = (1, 2, 3, 4)
SHARE_RANGE = (0.01, 0.6)
RULE_FIELDS = {"id", "title", "when", "weigh_at_least", "must_have", "reason", "source"}
_ID = re.compile(r"[a-z0-9_]{1,60}")
TEXT_MAX = 2_000


class SteeringError(VendorsError):
    """A steering rules file that cannot be used; the message names the rule and field."""


@dataclass(frozen=True)
class Rule:
    """One rule: when a readiness area is at a band (culture) or stage (maturity), give
    categories at least a share of the category weights and make criteria must-haves with
    a minimum."""
    id: str
    title: str
    kind: str                       # "culture" or "maturity"
    area: str                       # dimension or competency id
    band: str | None
    stage_at_most: int | None
    weigh: dict[str, float]          # category id -> least share of the category weights
    must_have: dict[str, float]
    reason: str
    source: str

    @property
    def condition(self) -> str:
        """The condition in words ("culture clear_parameters at barrier")."""
        if self.kind == "culture":
            return f"culture “{self.area}” at {self.band}" + (
                "" if self.band == BANDS[0] else " or lower")
        return f"maturity “{self.area}” at stage {self.stage_at_most} or lower"

    def fires(self, bands: Mapping[str, str], stages: Mapping[str, int]) -> bool:
        """Whether the readiness results meet the condition (an unanswered area never
        fires: ``bands`` and ``stages`` hold answered areas only)."""
        if self.kind == "culture":
            band = bands.get(self.area)
            return band in BANDS and BANDS.index(band) <= BANDS.index(self.band or "")
        stage = stages.get(self.area)
        return stage is not None and 1 <= stage <= (self.stage_at_most or 0)


def _text(raw: dict, name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > TEXT_MAX:
        raise SteeringError(f"{where}: '{name}' must be non-empty text of at most "
                            f"{TEXT_MAX:,} characters.")
    return value.strip()


def _numbers(raw: Any, where: str, low: float, high: float) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SteeringError(f"{where} must be a table of ids and numbers.")
    out = {}
    for key, value in raw.items():
        if not _ID.fullmatch(key):
            raise SteeringError(f"{where}: '{key}' is not an id.")
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or not low <= value <= high):
            raise SteeringError(f"{where}: '{key}' must be a number from {low:g} to {high:g}, "
                                f"not {value!r}.")
        out[key] = float(value)
    return out


def _rule(raw: Any, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise SteeringError(f"rule {index} must be a table.")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise SteeringError(f"rule {index}: 'id' must be lowercase letters, digits and "
                            "underscores.")
    where = f"rule '{rule_id}'"
    unknown = sorted(set(raw) - RULE_FIELDS)
    if unknown:
        raise SteeringError(f"{where}: unknown field '{unknown[0]}'.")
    when = raw.get("when")
    if not isinstance(when, dict) or len(when) != 2 or not (
            ("culture" in when and "band" in when)
            or ("maturity" in when and "stage_at_most" in when)):
        raise SteeringError(f"{where}: 'when' must be {{ culture = \"<dimension>\", band = "
                            "\"barrier\" }} or {{ maturity = \"<competency>\", stage_at_most "
                            "= 1 }}.")
    kind = "culture" if "culture" in when else "maturity"
    area = when[kind]
    if not isinstance(area, str) or not _ID.fullmatch(area):
        raise SteeringError(f"{where}: the {kind} area must be an id.")
    band = when.get("band")
    stage = when.get("stage_at_most")
    if kind == "culture" and band not in BANDS[:2]:
        raise SteeringError(f"{where}: 'band' must be barrier or developing, not {band!r}.")
    if kind == "maturity" and (isinstance(stage, bool) or stage not in STAGES[:3]):
        raise SteeringError(f"{where}: 'stage_at_most' must be 1, 2 or 3, not {stage!r}.")
    weigh = _numbers(raw.get("weigh_at_least"), f"{where}: 'weigh_at_least'", *SHARE_RANGE)
    must = _numbers(raw.get("must_have"), f"{where}: 'must_have'", 0, 5)
    if not weigh and not must:
        raise SteeringError(f"{where}: a rule suggests weights ('weigh_at_least'), must-haves "
                            "('must_have') or both.")
    return Rule(rule_id, _text(raw, "title", where), kind, area, band, stage, weigh, must,
                _text(raw, "reason", where), _text(raw, "source", where))


def parse_rules(data: Any, origin: str = "steering rules") -> tuple[Rule, ...]:
    """The rules of a parsed TOML document.

    Raises:
        SteeringError: a rule breaks the format (named with its field), or two share an id.
    """
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise SteeringError(f"{origin}: the file must hold [[rules]] tables.")
    rules = tuple(_rule(raw, n) for n, raw in enumerate(data["rules"], start=1))
    ids = [r.id for r in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise SteeringError(f"{origin}: the rule id '{repeated[0]}' is used twice.")
    return rules


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """The rules of ``path``, by default the shipped ``vendors/data/steering.toml``.

    Raises:
        SteeringError: no such file, not valid TOML, or it breaks the format.
    """
    path = Path(path) if path is not None else RULES_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SteeringError(f"{path.name}: cannot be read as TOML: {error}") from None
    return parse_rules(data, path.name)


@dataclass(frozen=True)
class Suggestion:
    """What the rules that fire suggest for one engagement.

    Attributes:
        rules: the rules that fire, in file order.
        category_weights: category id -> (weight now, suggested weight), every category
            (both sum to 1).
        must_haves: criterion id -> (minimum now, or None when it is no must-have;
            suggested minimum), only criteria whose must-have would change.
        not_applied: ids a firing rule names that the engagement does not have.
    """
    rules: tuple[Rule, ...]
    category_weights: dict[str, tuple[float, float]] = field(default_factory=dict)
    must_haves: dict[str, tuple[float | None, float]] = field(default_factory=dict)
    not_applied: tuple[str, ...] = ()

    @property
    def changes_anything(self) -> bool:
        return bool(self.must_haves) or any(abs(now - then) > 1e-9 for now, then in
                                            self.category_weights.values())


def suggest(rules: Collection[Rule], bands: Mapping[str, str], stages: Mapping[str, int],
            category_weights: Mapping[str, float], minimums: Mapping[str, float],
            criteria: Collection[str]) -> Suggestion:
    """Apply the rules that fire to the current weights and must-haves.

    ``bands``: culture dimension -> band of answered dimensions; ``stages``: competency ->
    stage of answered competencies; ``category_weights``: the engagement's category weights
    (summing to 1); ``minimums``: must-have criterion -> minimum; ``criteria``: every
    criterion id. Of several rules, the highest share and the highest minimum win; a
    category already at or above its share keeps its weight, so accepting a suggestion and
    asking again suggests no further change.
    """
    firing = tuple(r for r in rules if r.fires(bands, stages))
    least: dict[str, float] = {}
    wanted: dict[str, float] = {}
    missing: list[str] = []
    for rule in firing:
        for category, share in rule.weigh.items():
            if category in category_weights:
                least[category] = max(least.get(category, 0.0), share)
            elif category not in missing:
                missing.append(category)
        for criterion, minimum in rule.must_have.items():
            if criterion in criteria:
                wanted[criterion] = max(wanted.get(criterion, 0.0), minimum)
            elif criterion not in missing:
                missing.append(criterion)
    suggested = {c: (float(w), float(t)) for (c, w), t in
                 zip(category_weights.items(), _raised(category_weights, least).values())}
    must = {c: (minimums.get(c), m) for c, m in wanted.items()
            if c not in minimums or minimums[c] < m}
    return Suggestion(firing, suggested if firing else {}, must, tuple(missing))


def _raised(weights: Mapping[str, float], least: Mapping[str, float]) -> dict[str, float]:
    """``weights`` with each category of ``least`` raised to its share when below it; the
    others give up the difference in proportion to their weights, none of them below its
    own share (summing to 1 again)."""
    fixed: dict[str, float] = {}
    while True:
        free = {c: float(w) for c, w in weights.items() if c not in fixed}
        left, spare = 1.0 - sum(fixed.values()), sum(free.values())
        if left <= 0 or spare <= 0:     # the shares asked for leave nothing to the others
            total = sum(fixed.values()) or 1.0
            return {c: fixed.get(c, 0.0) / total for c in weights}
        scaled = {c: w * left / spare for c, w in free.items()}
        below = {c: least[c] for c, w in scaled.items() if c in least and w < least[c]}
        if not below:
            return {c: fixed.get(c, scaled.get(c, 0.0)) for c in weights}
        fixed |= below
