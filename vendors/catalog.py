"""Vendor catalog and requirements taxonomy: TOML files in ``vendors/data/`` as frozen dataclasses.

``catalog.toml`` lists the platforms (the original shortlist, the document-sharing baseline and
today's comparison set), each with a factual status note, its confidence and its source.
``requirements.toml`` holds the requirements taxonomy: categories of criteria, each criterion a
benefit or a cost, some of them must-haves with a minimum score, and the anchored 0-5 scale.

Every rule of the two formats is checked here; a broken file raises :class:`CatalogError`
naming the file, the vendor, category or criterion, and the field, for example::

    catalog.toml: vendor 'cisco_quad': field 'status' must be one of active, ..., not 'gone'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from datafiles import FieldReader, parse_toml
from vendors.scoring import Direction

DATA_DIR = Path(__file__).parent / "data"
CATALOG_PATH = DATA_DIR / "catalog.toml"
TAXONOMY_PATH = DATA_DIR / "requirements.toml"

GROUPS = ("original shortlist", "baseline", "current")
STATUSES = ("active", "renamed", "acquired", "discontinued", "retired")
CONFIDENCES = ("high", "medium", "unconfirmed")
#: Statuses of platforms that can no longer be bought, hence never candidates.
ENDED_STATUSES = ("discontinued", "retired")
SCALE = range(0, 6)
YEARS = (1990, 2100)

_VENDOR_FIELDS = {"id", "name", "company", "group", "status", "status_note", "since",
                  "successor", "confidence", "source", "candidate"}
_CATEGORY_FIELDS = {"id", "name", "description", "criteria"}
_CRITERION_FIELDS = {"id", "name", "description", "direction", "must_have", "min_score"}


class CatalogError(ValueError):
    """A catalog or taxonomy file is missing, unreadable or does not follow its format."""


@dataclass(frozen=True)
class CatalogVendor:
    """One platform of the catalog, with the facts about its status."""
    id: str
    name: str
    company: str
    group: str
    status: str
    status_note: str
    confidence: str
    source: str
    candidate: bool
    since: int | None = None
    successor: str | None = None


@dataclass(frozen=True)
class CatalogInfo:
    """The ``[catalog]`` header: version, when the statuses were checked, the caveat."""
    version: str
    checked: str
    note: str


@dataclass(frozen=True)
class Criterion:
    """One requirement a platform is scored against on the anchored 0-5 scale."""
    id: str
    name: str
    description: str
    category: str
    direction: Direction
    must_have: bool = False
    min_score: int | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Categories of criteria, the anchors of the 0-5 scale and how cost criteria are scored."""
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...]
    anchors: dict[int, str]
    cost_note: str
    version: str = ""
    source: str = ""

    def category(self, category_id: str) -> Category:
        """The category with this id.

        Raises:
            CatalogError: the taxonomy has no such category.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        raise CatalogError(f"The taxonomy has no category '{category_id}'.")

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id.

        Raises:
            CatalogError: the taxonomy has no such criterion.
        """
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise CatalogError(f"The taxonomy has no criterion '{criterion_id}'.")

    @property
    def must_haves(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.must_have)


def _read_vendor(r: FieldReader, raw: dict, index: int) -> CatalogVendor:
    vendor_id = r.ident(raw, "id", f"vendor {index}")
    where = f"vendor '{vendor_id}'"
    r.known(raw, _VENDOR_FIELDS, where)
    status = r.choice(raw, "status", where, STATUSES)
    confidence = r.choice(raw, "confidence", where, CONFIDENCES)
    note = r.text(raw, "status_note", where)
    if confidence == "unconfirmed" and "unconfirmed" not in note.lower():
        raise r.fail(where, "field 'status_note' must say the status is unconfirmed "
                            "(its confidence is 'unconfirmed')")
    candidate = r.flag(raw, "candidate", where)
    if candidate and status in ENDED_STATUSES:
        raise r.fail(where, f"field 'candidate' must be false for a {status} platform")
    since = r.integer(raw, "since", where, *YEARS) if "since" in raw else None
    return CatalogVendor(id=vendor_id, name=r.name(raw, "name", where),
                         company=r.text(raw, "company", where),
                         group=r.choice(raw, "group", where, GROUPS),
                         status=status, status_note=note, confidence=confidence,
                         source=r.text(raw, "source", where), candidate=candidate,
                         since=since, successor=r.optional_text(raw, "successor", where))


def parse_catalog_info(data: dict, origin: str = "catalog") -> CatalogInfo:
    """The ``[catalog]`` header of parsed catalog data.

    Raises:
        CatalogError: the header is missing or incomplete.
    """
    r = FieldReader(origin, CatalogError)
    header = r.table(data, "catalog", "catalog")
    return CatalogInfo(r.text(header, "version", "catalog"),
                       r.text(header, "checked", "catalog"),
                       r.text(header, "note", "catalog"))


def parse_catalog(data: dict, origin: str = "catalog") -> list[CatalogVendor]:
    """Build the vendor list from parsed TOML data; ``origin`` names the file in errors.

    Raises:
        CatalogError: the data does not follow the catalog format.
    """
    r = FieldReader(origin, CatalogError)
    parse_catalog_info(data, origin)
    vendors = [_read_vendor(r, raw, index)
               for index, raw in enumerate(r.tables(data, "vendors", "catalog"), start=1)]
    r.unique([(v.id, v.id) for v in vendors], "vendor", "id")
    r.unique([(v.id, v.name) for v in vendors], "vendor", "name", fold=True)
    return vendors


def _read_anchors(r: FieldReader, data: dict) -> tuple[dict[int, str], str]:
    raw = r.table(data, "anchors", "anchors")
    r.known(raw, {str(n) for n in SCALE} | {"cost"}, "anchors")
    anchors = {n: r.text(raw, str(n), "anchors") for n in SCALE}
    return anchors, r.text(raw, "cost", "anchors")


def _read_criterion(r: FieldReader, raw: dict, category_id: str) -> Criterion:
    criterion_id = r.ident(raw, "id", f"category '{category_id}', a criterion")
    where = f"criterion '{criterion_id}'"
    r.known(raw, _CRITERION_FIELDS, where)
    direction = Direction(r.choice(raw, "direction", where,
                                   tuple(d.value for d in Direction)))
    must_have = r.flag(raw, "must_have", where, default=False)
    min_score = None
    if "min_score" in raw or must_have:
        if "min_score" not in raw:
            raise r.fail(where, "field 'min_score' is required when must_have is true")
        min_score = r.integer(raw, "min_score", where, SCALE.start, SCALE.stop - 1)
    return Criterion(id=criterion_id, name=r.name(raw, "name", where),
                     description=r.text(raw, "description", where), category=category_id,
                     direction=direction, must_have=must_have, min_score=min_score)


def parse_taxonomy(data: dict, origin: str = "requirements") -> Taxonomy:
    """Build the requirements taxonomy from parsed TOML data; ``origin`` names the file.

    Raises:
        CatalogError: the data does not follow the taxonomy format.
    """
    r = FieldReader(origin, CatalogError)
    header = r.table(data, "taxonomy", "taxonomy")
    version = r.text(header, "version", "taxonomy")
    source = r.text(header, "source", "taxonomy")
    anchors, cost_note = _read_anchors(r, data)
    categories = []
    for index, raw in enumerate(r.tables(data, "categories", "taxonomy", minimum=2), start=1):
        category_id = r.ident(raw, "id", f"category {index}")
        where = f"category '{category_id}'"
        r.known(raw, _CATEGORY_FIELDS, where)
        criteria = tuple(_read_criterion(r, c, category_id)
                         for c in r.tables(raw, "criteria", where))
        categories.append(Category(category_id, r.name(raw, "name", where),
                                   r.text(raw, "description", where), criteria))
    criteria = [c for category in categories for c in category.criteria]
    r.unique([(c.id, c.id) for c in categories], "category", "id")
    r.unique([(c.id, c.name) for c in categories], "category", "name", fold=True)
    r.unique([(c.id, c.id) for c in criteria], "criterion", "id")
    r.unique([(c.id, c.name) for c in criteria], "criterion", "name", fold=True)
    return Taxonomy(categories=tuple(categories), criteria=tuple(criteria), anchors=anchors,
                    cost_note=cost_note, version=version, source=source)


def _read_toml(path: str | Path | None, default: Path) -> tuple[dict, str]:
    path = Path(path) if path is not None else default
    if not path.is_file():
        raise CatalogError(f"{path.name}: no such file ({path})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path.name}: not a text file ({error.reason})") from error
    return parse_toml(text, path.name, CatalogError), path.name


def load_catalog(path: str | Path | None = None) -> list[CatalogVendor]:
    """The vendors of ``path``, by default the shipped ``vendors/data/catalog.toml``.

    Raises:
        CatalogError: no such file, not valid TOML, or it breaks the catalog format.
    """
    data, origin = _read_toml(path, CATALOG_PATH)
    return parse_catalog(data, origin)


def load_catalog_info(path: str | Path | None = None) -> CatalogInfo:
    """The ``[catalog]`` header of ``path`` (by default the shipped catalog).

    Raises:
        CatalogError: no such file, not valid TOML, or the header is missing or incomplete.
    """
    data, origin = _read_toml(path, CATALOG_PATH)
    return parse_catalog_info(data, origin)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The requirements taxonomy of ``path``, by default ``vendors/data/requirements.toml``.

    Raises:
        CatalogError: no such file, not valid TOML, or it breaks the taxonomy format.
    """
    data, origin = _read_toml(path, TAXONOMY_PATH)
    return parse_taxonomy(data, origin)
