"""Requirements of an engagement: categories and criteria, editable, in a chosen order."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


from datafiles import show
from workspace import audit
from workspace.db import now, write
from workspace.engagements import NAME_MAX, TEXT_MAX, clean_name, get_engagement
from workspace.errors import DuplicateName, InvalidInput, NotFound
from workspace.errors import Conflict
from workspace.store import Store

DIRECTIONS = ("benefit", "cost")


@dataclass(frozen=True)
class CategoryRow:
    id: str
    name: str
    description: str
    position: int


@dataclass(frozen=True)
class CriterionRow:
    id: str
    category: str
    name: str
    description: str
    direction: str
    must_have: bool
    min_score: float
    position: int


def _value(thing: Any, field: str, default: Any = None) -> Any:
    value = thing.get(field, default) if isinstance(thing, dict) else getattr(thing, field,
                                                                                default)
    return getattr(value, "value", value)      # enums (Direction) store their value


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def _check_criterion_fields(name: str, description: str, direction: str, min_score: float,
                            must_have: bool) -> None:
    if not isinstance(direction, str) or direction not in DIRECTIONS:
        raise InvalidInput(f"Criterion “{name}”: direction must be benefit or cost, "
                           f"not {show(direction)}.")
    if not isinstance(description, str):
        raise InvalidInput(f"Criterion “{name}”: the description must be text.")
    if len(description) > TEXT_MAX:
        raise InvalidInput(f"Criterion “{name}”: the description is too long.")
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not (
            0 <= min_score <= 5):
        raise InvalidInput(f"Criterion “{name}”: the minimum score must be between 0 and 5, "
                           f"not {show(min_score)}.")
    if not isinstance(must_have, bool):
        raise InvalidInput(f"Criterion “{name}”: must-have is yes or no.")


def _duplicate(error: Conflict, what: str, name: str) -> Exception:
    if "UNIQUE" in str(error):
        return DuplicateName(f"A {what} called “{name}” already exists in this engagement.")
    return InvalidInput(f"The {what} “{name}” could not be saved: {error}.")


def _take_turns(db: Store, engagement_id: int) -> None:
    """Edits of one engagement's requirements take turns: each reads the ids, names and
    positions it builds on inside its own write (on PostgreSQL writers do not queue)."""
    db.lock(f"requirements of engagement {engagement_id}")


_TRAILED = ("name", "description", "direction", "must_have", "min_score")


def _criterion_changes(criterion_id: str, before: CriterionRow | None,
                       after: dict[str, Any] | None) -> list[audit.Change]:
    """The audit trail of a criterion going from ``before`` to ``after`` (fields of
    :data:`_TRAILED`; None: not there), as "added", "removed" or one row per field."""
    def text(field: str, value: Any) -> str:
        if field == "must_have":
            return audit.yes_no(bool(value))
        return audit.number(value) or "0" if field == "min_score" else str(value)

    name = (after or {}).get("name") or (before.name if before else criterion_id)
    if before is None:
        return [audit.Change("criterion", "added", None, name, criterion_id, name)]
    if after is None:
        return [audit.Change("criterion", "removed", before.name, None, criterion_id, name)]
    return [audit.Change("criterion", field, text(field, getattr(before, field)),
                         text(field, after[field]), criterion_id, name)
            for field in _TRAILED]


def _trail(db: Store, engagement_id: int, changes: list[audit.Change],
           actor: str, note: str) -> None:
    audit.record(db, engagement_id, changes, audit.clean_actor(actor), audit.clean_note(note),
                 now())


def import_taxonomy(db: Store, engagement_id: int, categories: Iterable[Any],
                    criteria: Iterable[Any], *, actor: str = audit.FACILITATOR,
                    note: str = "") -> int:
    """Copy a taxonomy into an engagement that has no requirements yet; returns criteria added.

    ``categories`` and ``criteria`` are objects or dicts with the fields of
    :class:`CategoryRow` and :class:`CriterionRow` (position comes from the order).

    Raises:
        InvalidInput: the engagement already has requirements, or a field is invalid (an id
            that is not text, a description that is not text, a minimum score that is not a
            number from 0 to 5, must-have not true or false, a category that is not
            imported); nothing is imported.
        DuplicateName: two categories or two criteria share a name or an id.
    """
    get_engagement(db, engagement_id)
    if list_criteria(db, engagement_id) or list_categories(db, engagement_id):
        raise InvalidInput("This engagement already has requirements; edit them instead.")
    count = 0
    imported: set[str] = set()
    actor, note = audit.clean_actor(actor), audit.clean_note(note)
    with write(db):
        _take_turns(db, engagement_id)
        for position, category in enumerate(categories):
            name = clean_name(_value(category, "name"), "Category name")
            description = _text_field(_value(category, "description", ""), "Category", name,
                                      "description")
            category_id = _id_field(_value(category, "id"), "Category", name)
            try:
                db.execute("INSERT INTO categories (engagement_id, id, name, description, "
                           "position) VALUES (?, ?, ?, ?, ?)",
                           [engagement_id, category_id, name, description, position])
            except Conflict as error:
                raise _duplicate(error, "category", name) from error
            imported.add(category_id)
        for position, criterion in enumerate(criteria):
            name = clean_name(_value(criterion, "name"), "Criterion name")
            min_score = _value(criterion, "min_score", 0)
            must_have = _value(criterion, "must_have", False)
            fields = (_text_field(_value(criterion, "description", ""), "Criterion", name,
                                  "description"),
                      _value(criterion, "direction", "benefit"),
                      0.0 if min_score is None else min_score,
                      False if must_have is None else must_have)
            _check_criterion_fields(name, *fields)
            category_id = _id_field(_value(criterion, "category"), "Criterion", name,
                                    "category")
            if category_id not in imported:
                raise InvalidInput(f"Criterion “{name}”: its category {show(category_id)} is "
                                   "not one of the imported categories.")
            try:
                db.execute("INSERT INTO criteria (engagement_id, id, category, name, "
                           "description, direction, must_have, min_score, position) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [engagement_id, _id_field(_value(criterion, "id"), "Criterion", name),
                            category_id, name, fields[0], fields[1], int(fields[3]),
                            float(fields[2]), position])
            except Conflict as error:
                raise _duplicate(error, "criterion", name) from error
            _trail(db, engagement_id, _criterion_changes(_value(criterion, "id"), None,
                                                         {"name": name}), actor, note)
            count += 1
    return count


def _text_field(value: Any, what: str, name: str, field: str) -> str:
    """An optional text field of an imported row (None reads as "")."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} “{name}”: the {field} must be text, not {show(value)}.")
    if len(value) > TEXT_MAX:
        raise InvalidInput(f"{what} “{name}”: the {field} is too long.")
    return value


def _id_field(value: Any, what: str, name: str, field: str = "id") -> str:
    """The id (or the category id) of an imported row: non-empty text of a sane length."""
    if not isinstance(value, str) or not value.strip() or len(value) > NAME_MAX:
        raise InvalidInput(f"{what} “{name}”: the {field} must be non-empty text of at most "
                           f"{NAME_MAX} characters, not {show(value)}.")
    return value


def list_categories(db: Store, engagement_id: int) -> list[CategoryRow]:
    """Categories of an engagement in their order."""
    return [CategoryRow(r["id"], r["name"], r["description"], r["position"]) for r in db.query(
        "SELECT * FROM categories WHERE engagement_id = ? ORDER BY position, id",
        [engagement_id])]


def list_criteria(db: Store, engagement_id: int) -> list[CriterionRow]:
    """Criteria of an engagement, grouped by category order, then in their own order."""
    return [CriterionRow(r["id"], r["category"], r["name"], r["description"], r["direction"],
                         bool(r["must_have"]), r["min_score"], r["position"])
            for r in db.query(
                "SELECT c.* FROM criteria c JOIN categories k ON k.engagement_id = "
                "c.engagement_id AND k.id = c.category WHERE c.engagement_id = ? "
                "ORDER BY k.position, c.position, c.id", [engagement_id])]


def add_category(db: Store, engagement_id: int, name: str,
                 description: str = "") -> CategoryRow:
    """Add a category at the end.

    Raises:
        InvalidInput: empty or too long name. DuplicateName: the name is taken.
    """
    get_engagement(db, engagement_id)
    name = clean_name(name, "Category name")
    try:
        with write(db):
            _take_turns(db, engagement_id)
            existing = list_categories(db, engagement_id)
            new_id = _slug(name, {c.id for c in existing})
            db.execute("INSERT INTO categories (engagement_id, id, name, description, position) "
                       "VALUES (?, ?, ?, ?, ?)", [engagement_id, new_id, name, description,
                                                  len(existing)])
    except Conflict as error:
        raise _duplicate(error, "category", name) from error
    return next(c for c in list_categories(db, engagement_id) if c.id == new_id)


def rename_category(db: Store, engagement_id: int, category_id: str,
                    name: str) -> None:
    """Rename a category.

    Raises:
        NotFound: no such category. InvalidInput / DuplicateName: bad or taken name.
    """
    name = clean_name(name, "Category name")
    try:
        with write(db):
            _take_turns(db, engagement_id)
            cursor = db.execute("UPDATE categories SET name = ? WHERE engagement_id = ? AND id = ?",
                                [name, engagement_id, category_id])
    except Conflict as error:
        raise _duplicate(error, "category", name) from error
    if cursor.rowcount == 0:
        raise NotFound(f"There is no category “{category_id}” in this engagement.")


def remove_category(db: Store, engagement_id: int, category_id: str, *,
                    actor: str = audit.FACILITATOR, note: str = "") -> None:
    """Remove a category with its criteria, their scores and the weights that mention them
    (the audit trail keeps each criterion removed).

    Raises:
        InvalidInput: a bad actor or note.
    """
    with write(db):
        _take_turns(db, engagement_id)
        gone = [c for c in list_criteria(db, engagement_id) if c.category == category_id]
        criteria = [c.id for c in gone]
        _trail(db, engagement_id, [change for c in gone
                                   for change in _criterion_changes(c.id, c, None)],
               actor, note)
        _forget_criteria(db, engagement_id, criteria)
        db.execute("DELETE FROM weights WHERE engagement_id = ? AND level IN (?, 'categories')",
                   [engagement_id, category_id])
        db.execute("DELETE FROM categories WHERE engagement_id = ? AND id = ?",
                   [engagement_id, category_id])


def add_criterion(db: Store, engagement_id: int, category_id: str, name: str,
                  description: str = "", direction: str = "benefit", must_have: bool = False,
                  min_score: float = 0.0, *, actor: str = audit.FACILITATOR,
                  note: str = "") -> CriterionRow:
    """Add a criterion at the end of its category (the audit trail keeps who added it).

    Raises:
        NotFound: no such category. InvalidInput / DuplicateName: bad field or taken name.
    """
    if category_id not in {c.id for c in list_categories(db, engagement_id)}:
        raise NotFound(f"There is no category “{category_id}” in this engagement.")
    name = clean_name(name, "Criterion name")
    _check_criterion_fields(name, description, direction, min_score, must_have)
    try:
        with write(db):
            _take_turns(db, engagement_id)
            existing = list_criteria(db, engagement_id)
            new_id = _slug(name, {c.id for c in existing})
            position = 1 + max((c.position for c in existing if c.category == category_id),
                               default=-1)
            db.execute("INSERT INTO criteria (engagement_id, id, category, name, description, "
                       "direction, must_have, min_score, position) VALUES (?, ?, ?, ?, ?, ?, ?, "
                       "?, ?)", [engagement_id, new_id, category_id, name, description,
                                 direction, int(must_have), float(min_score), position])
            _trail(db, engagement_id, _criterion_changes(new_id, None, {"name": name}),
                   actor, note)
            # The category's weights no longer cover every criterion: they must be set again.
            db.execute("DELETE FROM weights WHERE engagement_id = ? AND level = ?",
                       [engagement_id, category_id])
    except Conflict as error:
        raise _duplicate(error, "criterion", name) from error
    return next(c for c in list_criteria(db, engagement_id) if c.id == new_id)


def update_criterion(db: Store, engagement_id: int, criterion_id: str, *,
                     actor: str = audit.FACILITATOR, note: str = "",
                     **changes: Any) -> CriterionRow:
    """Change a criterion's name, description, direction, must_have or min_score; the audit
    trail keeps each field that changed, with ``actor`` and ``note``.

    Raises:
        NotFound: no such criterion. InvalidInput / DuplicateName: bad field or taken name.
    """
    current = {c.id: c for c in list_criteria(db, engagement_id)}.get(criterion_id)
    if current is None:
        raise NotFound(f"There is no criterion “{criterion_id}” in this engagement.")
    allowed = {"name", "description", "direction", "must_have", "min_score"}
    if set(changes) - allowed:
        raise InvalidInput(f"Unknown criterion field(s): {', '.join(set(changes) - allowed)}.")
    merged = {f: changes.get(f, getattr(current, f)) for f in allowed}
    merged["name"] = clean_name(merged["name"], "Criterion name")
    _check_criterion_fields(merged["name"], merged["description"], merged["direction"],
                            merged["min_score"], merged["must_have"])
    try:
        with write(db):
            _take_turns(db, engagement_id)
            _trail(db, engagement_id, _criterion_changes(criterion_id, current, merged),
                   actor, note)
            db.execute("UPDATE criteria SET name = ?, description = ?, direction = ?, "
                       "must_have = ?, min_score = ? WHERE engagement_id = ? AND id = ?",
                       [merged["name"], merged["description"], merged["direction"],
                        int(merged["must_have"]), float(merged["min_score"]), engagement_id,
                        criterion_id])
    except Conflict as error:
        raise _duplicate(error, "criterion", merged["name"]) from error
    return {c.id: c for c in list_criteria(db, engagement_id)}[criterion_id]


def _forget_criteria(db: Store, engagement_id: int, ids: list[str]) -> None:
    for criterion_id in ids:
        db.execute("DELETE FROM scores WHERE criterion = ? AND vendor_id IN "
                   "(SELECT id FROM vendors WHERE engagement_id = ?)",
                   [criterion_id, engagement_id])
        db.execute("DELETE FROM criteria WHERE engagement_id = ? AND id = ?",
                   [engagement_id, criterion_id])


def remove_criterion(db: Store, engagement_id: int, criterion_id: str, *,
                     actor: str = audit.FACILITATOR, note: str = "") -> None:
    """Remove a criterion with its scores; its category's weights must then be set again.

    Raises:
        NotFound: no such criterion. InvalidInput: a bad actor or note.
    """
    current = {c.id: c for c in list_criteria(db, engagement_id)}.get(criterion_id)
    if current is None:
        raise NotFound(f"There is no criterion “{criterion_id}” in this engagement.")
    with write(db):
        _take_turns(db, engagement_id)
        _trail(db, engagement_id, _criterion_changes(criterion_id, current, None), actor, note)
        _forget_criteria(db, engagement_id, [criterion_id])
        db.execute("DELETE FROM weights WHERE engagement_id = ? AND level = ?",
                   [engagement_id, current.category])


def move_criterion(db: Store, engagement_id: int, criterion_id: str,
                   offset: int) -> None:
    """Move a criterion up (offset < 0) or down within its category.

    Raises:
        NotFound: no such criterion.
    """
    with write(db):
        _take_turns(db, engagement_id)
        criteria = list_criteria(db, engagement_id)
        current = {c.id: c for c in criteria}.get(criterion_id)
        if current is None:
            raise NotFound(f"There is no criterion “{criterion_id}” in this engagement.")
        siblings = [c.id for c in criteria if c.category == current.category]
        index = siblings.index(criterion_id)
        siblings.insert(max(0, min(len(siblings) - 1, index + offset)), siblings.pop(index))
        for position, sibling in enumerate(siblings):
            db.execute("UPDATE criteria SET position = ? WHERE engagement_id = ? AND id = ?",
                       [position, engagement_id, sibling])


def replace_category_criteria(db: Store, engagement_id: int, category_id: str,
                              rows: list[dict[str, Any]], *, actor: str = audit.FACILITATOR,
                              note: str = "") -> None:
    """Make a category's criteria exactly ``rows``, in that order, in one transaction.

    Each row has name, description, direction, must_have, min_score and, for an existing
    criterion, its ``id``. Rows without an id are added; criteria missing from ``rows`` are
    removed with their scores. The category's weights are reset when its criteria change.
    The audit trail keeps each criterion added or removed and each field that changed.

    Raises:
        NotFound: no such category. InvalidInput / DuplicateName: a row is invalid or two
            rows share a name; nothing changes.
    """
    with write(db):
        # Reads and writes of one engagement's requirements take turns: the ids and names
        # below are read after any other edit in progress has ended.
        _take_turns(db, engagement_id)
        _replace_category_criteria(db, engagement_id, category_id, rows, actor, note)


def _replace_category_criteria(db: Store, engagement_id: int, category_id: str,
                               rows: list[dict[str, Any]], actor: str, note: str) -> None:
    if category_id not in {c.id for c in list_categories(db, engagement_id)}:
        raise NotFound(f"There is no category “{category_id}” in this engagement.")
    everything = list_criteria(db, engagement_id)
    before = [c for c in everything if c.category == category_id]
    taken = {c.id for c in everything}
    names: set[str] = set()
    cleaned = []
    for number, row in enumerate(rows, start=1):
        name = clean_name(row.get("name") or "", f"Criterion {number}: the name")
        if name.casefold() in names:
            raise DuplicateName(f"Two criteria are called “{name}”; names must differ.")
        names.add(name.casefold())
        description = str(row.get("description") or "")
        direction = str(row.get("direction") or "benefit")
        must_have = bool(row.get("must_have") or False)
        min_score = row.get("min_score")
        min_score = 0.0 if min_score is None or min_score != min_score else min_score
        _check_criterion_fields(name, description, direction, min_score, must_have)
        criterion_id = row.get("id") or None
        if criterion_id is None or criterion_id not in {c.id for c in before}:
            criterion_id = _slug(name, taken)
            taken.add(criterion_id)
        cleaned.append((criterion_id, name, description, direction, must_have,
                        float(min_score)))
    kept = {c[0] for c in cleaned}
    changed = [c.id for c in before] != [c[0] for c in cleaned]
    was = {c.id: c for c in before}
    trail = [change for c in before if c.id not in kept
             for change in _criterion_changes(c.id, c, None)]
    for criterion_id, *fields in cleaned:
        trail += _criterion_changes(criterion_id, was.get(criterion_id),
                                    dict(zip(_TRAILED, fields)))
    with write(db):
        _take_turns(db, engagement_id)
        _trail(db, engagement_id, trail, actor, note)
        _forget_criteria(db, engagement_id, [c.id for c in before if c.id not in kept])
        # Names move between rows: clear them first so UNIQUE holds at every step.
        db.execute("UPDATE criteria SET name = id || ' (renaming)' WHERE engagement_id = ? "
                   "AND category = ?", [engagement_id, category_id])
        for position, (criterion_id, name, description, direction, must_have,
                       min_score) in enumerate(cleaned):
            try:
                db.execute(
                    "INSERT INTO criteria (engagement_id, id, category, name, description, "
                    "direction, must_have, min_score, position) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "?, ?) ON CONFLICT (engagement_id, id) DO UPDATE SET name = excluded.name, "
                    "description = excluded.description, direction = excluded.direction, "
                    "must_have = excluded.must_have, min_score = excluded.min_score, "
                    "position = excluded.position",
                    [engagement_id, criterion_id, category_id, name, description, direction,
                     int(must_have), min_score, position])
            except Conflict as error:
                raise _duplicate(error, "criterion", name) from error
        if changed:
            db.execute("DELETE FROM weights WHERE engagement_id = ? AND level = ?",
                       [engagement_id, category_id])
