"""Questionnaire banks: TOML files in ``assessments/banks/`` loaded into frozen dataclasses.

Two kinds exist. A *likert* bank (culture) groups agreement statements in dimensions, with
recommendations per dimension and score band. A *staged* bank (maturity) describes each
competency at four stages, with the actions that move it to the next stage. The format is
documented in ``banks/SCHEMA.md``; every rule there is checked here, and a broken file raises
:class:`BankError` naming the file, the item and the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assessments.errors import AnswerError, BankError
from datafiles import FieldReader, parse_toml, show
from datafiles.text import NAME_MAX, PARAGRAPH_MAX, clean_name, too_long

BANKS_DIR = Path(__file__).parent / "banks"
PHASES = ("pilot", "capability", "rollout")
STAGE_COUNT = 4


@dataclass(frozen=True)
class Recommendation:
    band: str
    phase: str
    title: str
    detail: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    reverse: bool
    dimension: str


@dataclass(frozen=True)
class GapRecommendation:
    """Advice for when leaders see a dimension at least ``min_gap`` points (0-100) more
    favourably than employees do, in an organization-wide pulse."""
    min_gap: float
    phase: str
    title: str
    detail: str


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    description: str
    importance: int
    items: tuple[Item, ...]
    recommendations: tuple[Recommendation, ...]
    gap_recommendations: tuple[GapRecommendation, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A statement of what the dimensions should lead to ("I would use an internal social
    network to ask colleagues for help"): asked in a pulse, scored like an item, but part of
    no dimension and of no readiness score; drivers are the dimensions that go with it."""
    id: str
    text: str


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: float


@dataclass(frozen=True)
class Stage:
    level: int
    id: str
    name: str
    summary: str


@dataclass(frozen=True)
class Action:
    from_stage: int
    phase: str
    title: str
    detail: str


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str
    importance: int
    descriptors: tuple[str, ...]
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class LikertBank:
    """Agreement statements in dimensions, answered on a 1..len(labels) scale."""
    id: str
    version: str
    title: str
    description: str
    source: str
    labels: tuple[str, ...]
    dont_know: str
    target: float
    bands: tuple[Band, ...]
    dimensions: tuple[Dimension, ...]
    kind: str = "likert"
    outcomes: tuple[Outcome, ...] = ()

    @property
    def scale_max(self) -> int:
        return len(self.labels)

    @property
    def statements(self) -> tuple[Item | Outcome, ...]:
        """Every statement a pulse asks: the dimensions' items, then the outcomes."""
        return (*self.items, *self.outcomes)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dimension in self.dimensions for item in dimension.items)

    def item(self, item_id: str) -> Item:
        """The item with this id.

        Raises:
            AnswerError: the bank has no such item.
        """
        for item in self.items:
            if item.id == item_id:
                return item
        raise AnswerError(f"The {self.title} questionnaire has no item “{item_id}”.")

    def band_for(self, score: float) -> Band | None:
        """The band a 0-100 score falls in, or None for a missing score."""
        if score != score:  # NaN
            return None
        found = None
        for band in self.bands:
            if score >= band.min:
                found = band
        return found

    def check_answer(self, item_id: str, value: int | None) -> None:
        """Check that ``value`` (None for don't know) is a valid answer to the item.

        Raises:
            AnswerError: unknown item, or a value that is not a whole number on the scale.
        """
        self.item(item_id)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not (
                1 <= value <= self.scale_max):
            raise AnswerError(f"The answer to {item_id} must be a whole number from 1 to "
                              f"{self.scale_max}, not {value!r}.")


@dataclass(frozen=True)
class StagedBank:
    """Competencies, each described at four stages; an answer is the stage that fits best."""
    id: str
    version: str
    title: str
    description: str
    source: str
    stages: tuple[Stage, ...]
    competencies: tuple[Competency, ...]
    kind: str = "staged"

    @property
    def items(self) -> tuple[Competency, ...]:
        return self.competencies

    def competency(self, competency_id: str) -> Competency:
        """The competency with this id.

        Raises:
            AnswerError: the bank has no such competency.
        """
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise AnswerError(f"The {self.title} questionnaire has no competency "
                          f"“{competency_id}”.")

    def stage_name(self, level: int) -> str:
        return self.stages[level - 1].name

    def check_answer(self, item_id: str, value: int | None) -> None:
        """Check that ``value`` (None for don't know) is a stage level of the bank.

        Raises:
            AnswerError: unknown competency, or a stage outside 1..4.
        """
        self.competency(item_id)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not (
                1 <= value <= STAGE_COUNT):
            raise AnswerError(f"The stage chosen for {item_id} must be 1 to {STAGE_COUNT}, "
                              f"not {value!r}.")


Bank = LikertBank | StagedBank


def _each(r: FieldReader, texts: list[str], key: str, where: str, what: str,
          names: bool) -> list[str]:
    """The texts of a list field, stripped: names (at most ``NAME_MAX`` characters, without
    direction controls, as :meth:`FieldReader.name` reads them) or paragraphs (at most
    ``PARAGRAPH_MAX``)."""
    limit = NAME_MAX if names else PARAGRAPH_MAX
    stripped = [clean_name(text) if names else text.strip() for text in texts]
    for number, text in enumerate(stripped, start=1):
        problem = too_long(text, limit)
        if problem:
            raise r.fail(where, f"field '{key}', {what} {number}, {problem}")
    return stripped


def _read_likert(r: FieldReader, data: dict, header: dict) -> LikertBank:
    scale = r.table(data, "scale", "scale")
    labels = scale.get("labels")
    if (not isinstance(labels, list) or not 3 <= len(labels) <= 11
            or not all(isinstance(x, str) and x.strip() for x in labels)):
        raise r.fail("scale", "field 'labels' must list 3 to 11 non-empty answer labels")
    labels = _each(r, labels, "labels", "scale", "answer label", names=True)
    dont_know = r.name(scale, "dont_know", "scale")
    target = r.number(r.table(data, "scoring", "scoring"), "target", "scoring", 1, 100)
    bands = []
    for index, band in enumerate(r.tables(data, "bands", "bank", minimum=2), start=1):
        where = f"band {index}"
        bands.append(Band(r.ident(band, "id", where), r.name(band, "label", where),
                          r.number(band, "min", where, 0, 100)))
    if bands[0].min != 0 or any(a.min >= b.min for a, b in zip(bands, bands[1:])):
        raise r.fail("bands", "band 'min' values must start at 0 and increase")
    r.unique([(b.id, b.id) for b in bands], "band")
    band_ids = {b.id for b in bands}

    dimensions = []
    for index, raw in enumerate(r.tables(data, "dimensions", "bank"), start=1):
        dim_id = r.ident(raw, "id", f"dimension {index}")
        where = f"dimension '{dim_id}'"
        items = []
        for raw_item in r.tables(raw, "items", where):
            item_id = r.ident(raw_item, "id", f"{where}, an item")
            item_where = f"{where}, item '{item_id}'"
            items.append(Item(item_id, r.text(raw_item, "text", item_where),
                              r.flag(raw_item, "reverse", item_where, default=False), dim_id))
        recommendations = []
        for number, raw_rec in enumerate(r.tables(raw, "recommendations", where), start=1):
            rec_where = f"{where}, recommendation {number}"
            band = r.text(raw_rec, "band", rec_where)
            if band not in band_ids:
                raise r.fail(rec_where, f"field 'band' must be one of "
                                        f"{', '.join(sorted(band_ids))}, not {show(band)}")
            recommendations.append(Recommendation(band, r.choice(raw_rec, "phase", rec_where, PHASES),
                                                  r.name(raw_rec, "title", rec_where),
                                                  r.text(raw_rec, "detail", rec_where)))
        missing = band_ids - {rec.band for rec in recommendations}
        if missing:
            raise r.fail(where, "no recommendation for band(s) " + ", ".join(sorted(missing)))
        gaps = []
        for number, raw_gap in enumerate(_optional_tables(r, raw, "gap_recommendations",
                                                          where), start=1):
            gap_where = f"{where}, gap recommendation {number}"
            gaps.append(GapRecommendation(r.number(raw_gap, "min_gap", gap_where, 1, 100),
                                          r.choice(raw_gap, "phase", gap_where, PHASES),
                                          r.name(raw_gap, "title", gap_where),
                                          r.text(raw_gap, "detail", gap_where)))
        dimensions.append(Dimension(dim_id, r.name(raw, "name", where),
                                    r.text(raw, "description", where, optional=True),
                                    r.integer(raw, "importance", where, 1, 5),
                                    tuple(items), tuple(recommendations), tuple(gaps)))
    outcomes = []
    for index, raw in enumerate(_optional_tables(r, data, "outcomes", "bank"), start=1):
        outcome_id = r.ident(raw, "id", f"outcome {index}")
        outcomes.append(Outcome(outcome_id, r.text(raw, "text", f"outcome '{outcome_id}'")))
    r.unique([(d.id, d.id) for d in dimensions], "dimension")
    r.unique([(i.id, i.id) for d in dimensions for i in d.items]
             + [(o.id, o.id) for o in outcomes], "item")
    return LikertBank(id=header["id"], version=header["version"], title=header["title"],
                      description=header["description"], source=header["source"],
                      labels=tuple(labels), dont_know=dont_know,
                      target=target, bands=tuple(bands), dimensions=tuple(dimensions),
                      outcomes=tuple(outcomes))


def _optional_tables(r: FieldReader, data: dict, key: str, where: str) -> list[dict]:
    """The entries of an optional list of tables (none when the field is absent)."""
    return r.tables(data, key, where, minimum=0) if key in data else []


def _read_staged(r: FieldReader, data: dict, header: dict) -> StagedBank:
    stages = []
    raw_stages = r.tables(data, "stages", "bank", minimum=STAGE_COUNT)
    if len(raw_stages) != STAGE_COUNT:
        raise r.fail("bank", f"field 'stages' must have exactly {STAGE_COUNT} stages, "
                              f"found {len(raw_stages)}")
    for index, raw in enumerate(raw_stages, start=1):
        where = f"stage {index}"
        level = r.integer(raw, "level", where, 1, STAGE_COUNT)
        if level != index:
            raise r.fail(where, f"field 'level' must be {index} (stages in order), not {level}")
        stages.append(Stage(level, r.ident(raw, "id", where), r.name(raw, "name", where),
                            r.text(raw, "summary", where, optional=True)))
    r.unique([(s.id, s.id) for s in stages], "stage")

    competencies = []
    for index, raw in enumerate(r.tables(data, "competencies", "bank"), start=1):
        comp_id = r.ident(raw, "id", f"competency {index}")
        where = f"competency '{comp_id}'"
        descriptors = raw.get("descriptors")
        if (not isinstance(descriptors, list) or len(descriptors) != STAGE_COUNT
                or not all(isinstance(x, str) and x.strip() for x in descriptors)):
            raise r.fail(where, f"field 'descriptors' must list {STAGE_COUNT} non-empty "
                                "descriptions, one per stage")
        descriptors = _each(r, descriptors, "descriptors", where, "stage", names=False)
        actions = []
        for number, raw_action in enumerate(r.tables(raw, "actions", where), start=1):
            action_where = f"{where}, action {number}"
            actions.append(Action(r.integer(raw_action, "from_stage", action_where, 1,
                                            STAGE_COUNT),
                                  r.choice(raw_action, "phase", action_where, PHASES),
                                  r.name(raw_action, "title", action_where),
                                  r.text(raw_action, "detail", action_where)))
        missing = set(range(1, STAGE_COUNT)) - {a.from_stage for a in actions}
        if missing:
            raise r.fail(where, "no action to move on from stage(s) "
                                + ", ".join(str(s) for s in sorted(missing)))
        competencies.append(Competency(comp_id, r.name(raw, "name", where),
                                       r.text(raw, "description", where, optional=True),
                                       r.integer(raw, "importance", where, 1, 5),
                                       tuple(descriptors), tuple(actions)))
    r.unique([(c.id, c.id) for c in competencies], "competency")
    return StagedBank(id=header["id"], version=header["version"], title=header["title"],
                      description=header["description"], source=header["source"],
                      stages=tuple(stages), competencies=tuple(competencies))


def parse_bank(data: dict, origin: str = "bank") -> Bank:
    """Build a bank from parsed TOML data; ``origin`` names the file in error messages.

    Raises:
        BankError: the data does not follow the bank format.
    """
    r = FieldReader(origin, BankError)
    raw_header = r.table(data, "bank", "bank")
    header = {"id": r.ident(raw_header, "id", "bank"),
              "version": r.name(raw_header, "version", "bank"),
              "title": r.name(raw_header, "title", "bank"),
              "description": r.text(raw_header, "description", "bank", optional=True),
              "source": r.text(raw_header, "source", "bank")}
    kind = raw_header.get("kind")
    if kind == "likert":
        return _read_likert(r, data, header)
    if kind == "staged":
        return _read_staged(r, data, header)
    raise r.fail("bank", f"field 'kind' must be 'likert' or 'staged', not {show(kind)}")


def _header_data(bank: Bank) -> dict:
    return {"id": bank.id, "kind": bank.kind, "version": bank.version, "title": bank.title,
            "description": bank.description, "source": bank.source}


def bank_data(bank: Bank) -> dict:
    """The TOML-shaped data of a bank: exactly what :func:`parse_bank` reads, nothing else.

    ``parse_bank(bank_data(bank)) == bank`` for every bank.
    """
    if isinstance(bank, StagedBank):
        return {"bank": _header_data(bank),
                "stages": [{"level": s.level, "id": s.id, "name": s.name, "summary": s.summary}
                           for s in bank.stages],
                "competencies": [
                    {"id": c.id, "name": c.name, "description": c.description,
                     "importance": c.importance, "descriptors": list(c.descriptors),
                     "actions": [{"from_stage": a.from_stage, "phase": a.phase,
                                  "title": a.title, "detail": a.detail} for a in c.actions]}
                    for c in bank.competencies]}
    data = {"bank": _header_data(bank),
            "scale": {"labels": list(bank.labels), "dont_know": bank.dont_know},
            "scoring": {"target": bank.target},
            "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in bank.bands],
            "dimensions": [_dimension_data(d) for d in bank.dimensions]}
    # The optional parts only when the bank has them: a bank without them reads and writes
    # exactly as before they existed.
    if bank.outcomes:
        data["outcomes"] = [{"id": o.id, "text": o.text} for o in bank.outcomes]
    return data


def _dimension_data(d: Dimension) -> dict:
    data = {"id": d.id, "name": d.name, "description": d.description,
            "importance": d.importance,
            "items": [{"id": i.id, "text": i.text, "reverse": i.reverse} for i in d.items],
            "recommendations": [{"band": r.band, "phase": r.phase, "title": r.title,
                                 "detail": r.detail} for r in d.recommendations]}
    if d.gap_recommendations:
        data["gap_recommendations"] = [{"min_gap": g.min_gap, "phase": g.phase,
                                        "title": g.title, "detail": g.detail}
                                       for g in d.gap_recommendations]
    return data


def load_bank(name_or_path: str | Path) -> Bank:
    """Load a bank by name (``"culture"``, a file in ``assessments/banks/``) or by path.

    Raises:
        BankError: no such bank, the file is not valid TOML, or it breaks the bank format.
    """
    path = Path(name_or_path)
    if path.suffix != ".toml" and not path.exists():
        path = BANKS_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(available_banks()) or "none"
        raise BankError(f"{path.name}: no such bank file (available banks: {known})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BankError(f"{path.name}: not a text file ({error.reason})") from error
    data = parse_toml(text, path.name, BankError)
    bank = parse_bank(data, path.name)
    if path.parent == BANKS_DIR and bank.id != path.stem:
        raise BankError(f"{path.name}: bank: field 'id' must match the file name "
                        f"('{path.stem}'), not {bank.id!r}")
    return bank


def available_banks() -> list[str]:
    """Names of the bank files shipped in ``assessments/banks/``."""
    return sorted(p.stem for p in BANKS_DIR.glob("*.toml"))
