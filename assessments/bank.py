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
from assessments.languages import ENGLISH, LANGUAGES, Translations, english_name
from datafiles import FieldReader, parse_toml, show
from datafiles.text import NAME_MAX, PARAGRAPH_MAX, clean_name, too_long

BANKS_DIR = Path(__file__).parent / "banks"
PHASES = ("pilot", "capability", "rollout")
STAGE_COUNT = 4
# The fields each kind of entry may carry in other languages, and how each is read: "name"
# (a name, title or label), "text" (a paragraph), "labels" (the answer scale, one label per
# English label) or "descriptors" (one description per stage).
TRANSLATED: dict[str, dict[str, str]] = {
    "bank": {"title": "name", "description": "text"},
    "scale": {"labels": "labels", "dont_know": "name"},
    "band": {"label": "name"},
    "dimension": {"name": "name", "description": "text"},
    "item": {"text": "text"},
    "recommendation": {"title": "name", "detail": "text"},
    "gap_recommendation": {"title": "name", "detail": "text"},
    "outcome": {"text": "text"},
    "stage": {"name": "name", "summary": "text"},
    "competency": {"name": "name", "description": "text", "descriptors": "descriptors"},
    "action": {"title": "name", "detail": "text"},
}


@dataclass(frozen=True)
class Recommendation:
    band: str
    phase: str
    title: str
    detail: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    reverse: bool
    dimension: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class GapRecommendation:
    """Advice for when leaders see a dimension at least ``min_gap`` points (0-100) more
    favourably than employees do, in an organization-wide pulse."""
    min_gap: float
    phase: str
    title: str
    detail: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    description: str
    importance: int
    items: tuple[Item, ...]
    recommendations: tuple[Recommendation, ...]
    gap_recommendations: tuple[GapRecommendation, ...] = ()
    translations: Translations = Translations()


@dataclass(frozen=True)
class Outcome:
    """A statement of what the dimensions should lead to ("I would use an internal social
    network to ask colleagues for help"): asked in a pulse, scored like an item, but part of
    no dimension and of no readiness score; drivers are the dimensions that go with it."""
    id: str
    text: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: float
    translations: Translations = Translations()


@dataclass(frozen=True)
class Stage:
    level: int
    id: str
    name: str
    summary: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class Action:
    from_stage: int
    phase: str
    title: str
    detail: str
    translations: Translations = Translations()


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str
    importance: int
    descriptors: tuple[str, ...]
    actions: tuple[Action, ...]
    translations: Translations = Translations()


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
    # Other languages than English the bank's text is given in (title, description, labels
    # and don't know are in ``translations``).
    languages: tuple[str, ...] = ()
    translations: Translations = Translations()

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
    languages: tuple[str, ...] = ()
    translations: Translations = Translations()

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


def _languages(r: FieldReader, raw_header: dict) -> tuple[str, ...]:
    """The optional ``languages`` of the [bank] table: other languages than English."""
    value = raw_header.get("languages", [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise r.fail("bank", "field 'languages' must list language codes such as "
                             f"[\"de\", \"fr\"]{r._got(value)}")
    codes = [x.strip().casefold() for x in value]
    for code in codes:
        if code == ENGLISH:
            raise r.fail("bank", "field 'languages' lists the other languages than English: "
                                 "the bank's own text is English, leave 'en' out")
        if code not in LANGUAGES:
            raise r.fail("bank", f"field 'languages': {show(code)} is not a language code "
                                 "this app knows (ISO 639-1, such as "
                                 f"{', '.join(c for c in LANGUAGES if c != ENGLISH)})")
    if len(set(codes)) != len(codes):
        raise r.fail("bank", "field 'languages' lists a language twice")
    return tuple(codes)


def _translations(r: FieldReader, raw: dict, where: str, kind: str,
                  languages: tuple[str, ...], lengths: dict[str, int] | None = None
                  ) -> Translations:
    """The optional ``translations`` table of an entry: ``{language: {field: text}}``, each
    text read like the English field (names cleaned, lengths limited); a list field has as
    many texts as the English list (``lengths``)."""
    value = raw.get("translations")
    if value is None:
        return Translations()
    fields = TRANSLATED[kind]
    if not isinstance(value, dict):
        raise r.fail(where, "field 'translations' must be a table of languages, such as "
                            "translations.de.text = \"...\"" + r._got(value))
    texts = []
    for language, given in value.items():
        if language not in languages:
            listed = ", ".join(languages) or "none"
            raise r.fail(where, f"field 'translations' has the language {show(language)}, "
                                f"which the bank's 'languages' does not list (it lists "
                                f"{listed}); add it there first")
        in_language = f"{where}, {english_name(language)} translation"
        if not isinstance(given, dict):
            raise r.fail(in_language, "must be a table of fields, such as "
                                      f"translations.{language}.{next(iter(fields))} = "
                                      f"\"...\"{r._got(given)}")
        for field, text in given.items():
            if field not in fields:
                raise r.fail(in_language, f"field {show(field)} is not translated here (the "
                                          f"fields are {', '.join(fields)})")
            how = fields[field]
            if how in ("labels", "descriptors"):
                count = (lengths or {}).get(field, STAGE_COUNT)
                if (not isinstance(text, list) or len(text) != count
                        or not all(isinstance(x, str) and x.strip() for x in text)):
                    raise r.fail(in_language, f"field '{field}' must list {count} non-empty "
                                              "texts, one for each English one, in order")
                texts.append((language, field, tuple(_each(
                    r, text, field, in_language, "entry", names=how == "labels"))))
            elif how == "name":
                texts.append((language, field, r.name(given, field, in_language)))
            else:
                texts.append((language, field, r.text(given, field, in_language)))
    # In a fixed order (the bank's languages, the entry's fields), so that the same
    # translations compare equal whatever order a file gives them in.
    order = list(fields)
    texts.sort(key=lambda t: (languages.index(t[0]), order.index(t[1])))
    return Translations(tuple(texts))


def _read_likert(r: FieldReader, data: dict, header: dict) -> LikertBank:
    scale = r.table(data, "scale", "scale")
    labels = scale.get("labels")
    if (not isinstance(labels, list) or not 3 <= len(labels) <= 11
            or not all(isinstance(x, str) and x.strip() for x in labels)):
        raise r.fail("scale", "field 'labels' must list 3 to 11 non-empty answer labels")
    labels = _each(r, labels, "labels", "scale", "answer label", names=True)
    dont_know = r.name(scale, "dont_know", "scale")
    languages = header["languages"]
    scale_translations = _translations(r, scale, "scale", "scale", languages,
                                       {"labels": len(labels)})
    target = r.number(r.table(data, "scoring", "scoring"), "target", "scoring", 1, 100)
    bands = []
    for index, band in enumerate(r.tables(data, "bands", "bank", minimum=2), start=1):
        where = f"band {index}"
        bands.append(Band(r.ident(band, "id", where), r.name(band, "label", where),
                          r.number(band, "min", where, 0, 100),
                          _translations(r, band, where, "band", languages)))
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
                              r.flag(raw_item, "reverse", item_where, default=False), dim_id,
                              _translations(r, raw_item, item_where, "item", languages)))
        recommendations = []
        for number, raw_rec in enumerate(r.tables(raw, "recommendations", where), start=1):
            rec_where = f"{where}, recommendation {number}"
            band = r.text(raw_rec, "band", rec_where)
            if band not in band_ids:
                raise r.fail(rec_where, f"field 'band' must be one of "
                                        f"{', '.join(sorted(band_ids))}, not {show(band)}")
            recommendations.append(Recommendation(
                band, r.choice(raw_rec, "phase", rec_where, PHASES),
                r.name(raw_rec, "title", rec_where), r.text(raw_rec, "detail", rec_where),
                _translations(r, raw_rec, rec_where, "recommendation", languages)))
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
                                          r.text(raw_gap, "detail", gap_where),
                                          _translations(r, raw_gap, gap_where,
                                                        "gap_recommendation", languages)))
        dimensions.append(Dimension(dim_id, r.name(raw, "name", where),
                                    r.text(raw, "description", where, optional=True),
                                    r.integer(raw, "importance", where, 1, 5),
                                    tuple(items), tuple(recommendations), tuple(gaps),
                                    _translations(r, raw, where, "dimension", languages)))
    outcomes = []
    for index, raw in enumerate(_optional_tables(r, data, "outcomes", "bank"), start=1):
        outcome_id = r.ident(raw, "id", f"outcome {index}")
        where = f"outcome '{outcome_id}'"
        outcomes.append(Outcome(outcome_id, r.text(raw, "text", where),
                                _translations(r, raw, where, "outcome", languages)))
    r.unique([(d.id, d.id) for d in dimensions], "dimension")
    r.unique([(i.id, i.id) for d in dimensions for i in d.items]
             + [(o.id, o.id) for o in outcomes], "item")
    return LikertBank(id=header["id"], version=header["version"], title=header["title"],
                      description=header["description"], source=header["source"],
                      labels=tuple(labels), dont_know=dont_know,
                      target=target, bands=tuple(bands), dimensions=tuple(dimensions),
                      outcomes=tuple(outcomes), languages=languages,
                      translations=Translations(tuple(sorted(
                      header["translations"].texts + scale_translations.texts,
                      key=lambda t: languages.index(t[0])))))


def _optional_tables(r: FieldReader, data: dict, key: str, where: str) -> list[dict]:
    """The entries of an optional list of tables (none when the field is absent)."""
    return r.tables(data, key, where, minimum=0) if key in data else []


def _read_staged(r: FieldReader, data: dict, header: dict) -> StagedBank:
    languages = header["languages"]
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
                            r.text(raw, "summary", where, optional=True),
                            _translations(r, raw, where, "stage", languages)))
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
                                  r.text(raw_action, "detail", action_where),
                                  _translations(r, raw_action, action_where, "action",
                                                languages)))
        missing = set(range(1, STAGE_COUNT)) - {a.from_stage for a in actions}
        if missing:
            raise r.fail(where, "no action to move on from stage(s) "
                                + ", ".join(str(s) for s in sorted(missing)))
        competencies.append(Competency(comp_id, r.name(raw, "name", where),
                                       r.text(raw, "description", where, optional=True),
                                       r.integer(raw, "importance", where, 1, 5),
                                       tuple(descriptors), tuple(actions),
                                       _translations(r, raw, where, "competency", languages)))
    r.unique([(c.id, c.id) for c in competencies], "competency")
    return StagedBank(id=header["id"], version=header["version"], title=header["title"],
                      description=header["description"], source=header["source"],
                      stages=tuple(stages), competencies=tuple(competencies),
                      languages=languages, translations=header["translations"])


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
    header["languages"] = _languages(r, raw_header)
    header["translations"] = _translations(r, raw_header, "bank", "bank", header["languages"])
    kind = raw_header.get("kind")
    if kind == "likert":
        return _read_likert(r, data, header)
    if kind == "staged":
        return _read_staged(r, data, header)
    raise r.fail("bank", f"field 'kind' must be 'likert' or 'staged', not {show(kind)}")


def _with(data: dict, translations: Translations, kind: str) -> dict:
    """``data`` with the entry's translations (of the fields of ``kind``), when it has any:
    a bank without translations reads and writes exactly as before they existed."""
    found = translations.data(tuple(TRANSLATED[kind]))
    if found:
        data["translations"] = found
    return data


def _header_data(bank: Bank) -> dict:
    data = {"id": bank.id, "kind": bank.kind, "version": bank.version, "title": bank.title,
            "description": bank.description, "source": bank.source}
    if bank.languages:
        data["languages"] = list(bank.languages)
    return _with(data, bank.translations, "bank")


def bank_data(bank: Bank) -> dict:
    """The TOML-shaped data of a bank: exactly what :func:`parse_bank` reads, nothing else.

    ``parse_bank(bank_data(bank)) == bank`` for every bank.
    """
    if isinstance(bank, StagedBank):
        return {"bank": _header_data(bank),
                "stages": [_with({"level": s.level, "id": s.id, "name": s.name,
                                  "summary": s.summary}, s.translations, "stage")
                           for s in bank.stages],
                "competencies": [
                    _with({"id": c.id, "name": c.name, "description": c.description,
                           "importance": c.importance, "descriptors": list(c.descriptors),
                           "actions": [_with({"from_stage": a.from_stage, "phase": a.phase,
                                              "title": a.title, "detail": a.detail},
                                             a.translations, "action") for a in c.actions]},
                          c.translations, "competency")
                    for c in bank.competencies]}
    data = {"bank": _header_data(bank),
            "scale": _with({"labels": list(bank.labels), "dont_know": bank.dont_know},
                           bank.translations, "scale"),
            "scoring": {"target": bank.target},
            "bands": [_with({"id": b.id, "label": b.label, "min": b.min}, b.translations,
                            "band") for b in bank.bands],
            "dimensions": [_dimension_data(d) for d in bank.dimensions]}
    # The optional parts only when the bank has them: a bank without them reads and writes
    # exactly as before they existed.
    if bank.outcomes:
        data["outcomes"] = [_with({"id": o.id, "text": o.text}, o.translations, "outcome")
                            for o in bank.outcomes]
    return data


def _dimension_data(d: Dimension) -> dict:
    data = {"id": d.id, "name": d.name, "description": d.description,
            "importance": d.importance,
            "items": [_with({"id": i.id, "text": i.text, "reverse": i.reverse},
                            i.translations, "item") for i in d.items],
            "recommendations": [_with({"band": r.band, "phase": r.phase, "title": r.title,
                                       "detail": r.detail}, r.translations, "recommendation")
                                for r in d.recommendations]}
    if d.gap_recommendations:
        data["gap_recommendations"] = [_with({"min_gap": g.min_gap, "phase": g.phase,
                                              "title": g.title, "detail": g.detail},
                                             g.translations, "gap_recommendation")
                                       for g in d.gap_recommendations]
    return _with(data, d.translations, "dimension")


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
