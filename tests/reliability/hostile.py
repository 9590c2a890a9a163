"""A hostile-text corpus, and a workspace in which every user text field holds all of it.

The corpus is what people really paste (or attackers type) into text fields: spreadsheet
formula and DDE prefixes, HTML and script tags, Markdown and Streamlit directives, SQL and
format-string meta-characters, bidirectional overrides, right-to-left scripts, zero-width and
combining characters, emoji ZWJ sequences, line breaks of every kind, a NUL byte, a backslash
path and a 100,000-character text.

:func:`build_workspace` fills a workspace at the workspace level (much faster than clicking):

- one engagement per corpus entry, named after it, each detail (organization, industry, size,
  purpose) holding the same entry; one more, "Huge details", whose details hold :data:`HUGE`
  (both through ``create_engagement`` and ``update_engagement``);
- the ``markdown`` entry's engagement (:data:`MAIN`) holds everything else: participants named
  after every entry, their culture and maturity comments, categories and criteria named and
  described by every entry, vendors whose name, company and status note are every entry,
  two scorers' scores with every entry as evidence, costs for every vendor, an action plan
  whose owners are the entries (those without control characters, which an owner refuses),
  and snapshots labelled by every entry (on one line);
- the ``script`` entry's engagement (:data:`WORKSHOP`) has a live workshop session that
  people joined with every entry as their display name, and their answers, weights and scores.
- the main engagement's decision record: every change above is in its audit trail, and
  :func:`_fill_decision_record` archives and restores a vendor by every entry with every
  entry as the note, and adds a decision signed off by every entry with it as the note.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import workspace
from datafiles.text import clean_name
from assessments import load_bank, score
from assessments.summary import readiness_summary

# --- the corpus --------------------------------------------------------------------------------

CORPUS: dict[str, str] = {
    "formula": "=1+1",
    "dde": "+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "tab_formula": '\t=HYPERLINK("http://x")',
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "markdown": "**bold** _x_ [link](javascript:alert(1)) $x^2$ :red[red]",
    "sql": "Robert'); DROP TABLE participants;--",
    "format": "%s %d {0} {{}}",
    "rtl_override": "\u202egnp.exe",
    "arabic_hebrew": "مرحبا بالعالم שלום עולם",
    "zero_width": "a\u200bb\u200dc\ufeff",
    "emoji_zwj": "👩\u200d👩\u200d👧\u200d👦🏳\ufe0f\u200d🌈",
    "combining": "Z\u0351\u036b\u0343a\u0310\u0360l\u0352g\u0301o\u0308 e\u0301\u0302\u0323",
    "newlines": "first line\nsecond line\r\nthird\rfourth",
    "nul": "before\x00after",
    "backslash": "C:\\temp\\new \\*not\\* \\[x\\]",
    "nul_formula": "\x00=1+2",
    "invisible_formula": "\ufeff\u200b\u200d\u00a0\u3000+1+1",
    "control_formula": "\x1b\x85\x0b@SUM(1)",
}
"""Every entry is at most 200 characters, so it fits a name field too."""

INVISIBLE_PREFIXES: dict[str, str] = {
    "nul": "\x00", "start_of_heading": "\x01", "backspace": "\x08", "tab": "\t",
    "line_feed": "\n", "vertical_tab": "\x0b", "form_feed": "\x0c", "carriage_return": "\r",
    "crlf": "\r\n", "escape": "\x1b", "unit_separator": "\x1f", "delete": "\x7f",
    "next_line": "\x85", "c1_control": "\x9b", "space": " ", "spaces": "   ",
    "no_break_space": "\u00a0", "en_quad": "\u2000", "em_space": "\u2003",
    "thin_space": "\u2009", "hair_space": "\u200a", "narrow_no_break_space": "\u202f",
    "math_space": "\u205f", "ideographic_space": "\u3000", "ogham_space": "\u1680",
    "line_separator": "\u2028", "paragraph_separator": "\u2029", "zero_width_space": "\u200b",
    "zero_width_non_joiner": "\u200c", "zero_width_joiner": "\u200d", "word_joiner": "\u2060",
    "invisible_times": "\u2062", "byte_order_mark": "\ufeff", "soft_hyphen": "\u00ad",
    "left_to_right_mark": "\u200e", "right_to_left_mark": "\u200f", "arabic_letter_mark": "\u061c",
    "right_to_left_override": "\u202e", "left_to_right_embedding": "\u202a",
    "pop_directional": "\u202c", "first_strong_isolate": "\u2068", "pop_isolate": "\u2069",
    "combining_grapheme_joiner": "\u034f", "mongolian_vowel_separator": "\u180e",
    "hangul_filler": "\u3164", "halfwidth_hangul_filler": "\uffa0",
    "variation_selector": "\ufe0f", "tag_space": "\U000e0020",
    "interlinear_annotation": "\ufff9", "unassigned": "\u0378",
    "everything": "\x00 \u200b\ufeff\u00a0\t\u202e\u3000",
}
"""Characters a spreadsheet may drop from the start of a cell or show as nothing: C0 and C1
controls, every kind of space and line break, zero-width and direction characters, the byte
order mark and other default-ignorable characters."""

FORMULA_TRIGGERS: dict[str, str] = {
    "equals": "=1+1", "plus": "+1+1", "minus": "-1+1", "at": "@SUM(1;1)",
    "hyperlink": '=HYPERLINK("http://evil.example";"x")', "dde": "=cmd|' /C calc'!A0",
    "pipe": "|calc", "percent": "%1", "full_width_equals": "\uff1d1+1",
    "full_width_plus": "\uff0b1+1", "small_equals": "\ufe661+1", "minus_sign": "\u22121",
}
"""Starts of text a spreadsheet runs as a formula or a DDE call (in some versions or locales)."""


def formula_texts() -> dict[str, str]:
    """Every invisible prefix before every formula trigger, by "prefix+trigger"."""
    return {f"{p}+{t}": prefix + trigger for p, prefix in INVISIBLE_PREFIXES.items()
            for t, trigger in FORMULA_TRIGGERS.items()}

_HUGE_PART = "<b>x</b> **y** [z](javascript:q) 👩\u200d👩\u200d👧 عربى "
HUGE = ("=HUGE " + _HUGE_PART * 3000)[:100_000]
"""100,000 characters (the longest free text the workspace keeps), formula-like at the start."""

NAME_MAX = workspace.engagements.NAME_MAX
FORMULA_KEYS = ("formula", "dde", "minus", "at", "tab_formula", "nul_formula",
                "invisible_formula", "control_formula")
"""Entries a spreadsheet would run as a formula or DDE call if they reached a cell as typed."""

MAIN = "markdown"
WORKSHOP = "script"
HUGE_ENGAGEMENT = "Huge details"
SCORERS = ("markdown", "script")
"""The participants (by corpus key) who score the vendors of the main engagement."""
MUST_HAVE = "formula"
"""The criterion (by corpus key) that is a must-have with minimum :data:`MINIMUM`."""
MINIMUM = 3.0
WINNER = "markdown"
"""The vendor (by corpus key) that scores 5 on everything and leads the comparison."""


def kept(text: str) -> str:
    """What a free text (a comment, a description, evidence) keeps: the workspace drops NUL
    characters from every text (PostgreSQL cannot keep them; SQLite drops them too, so that
    both keep the same)."""
    return text.replace("\x00", "")


def stored(text: str) -> str:
    """What a field that strips its ends (engagement details, vendor notes) keeps: the
    workspace drops NUL characters from every text it keeps (PostgreSQL cannot keep them)."""
    return text.strip().replace("\x00", "")


def stored_name(text: str) -> str:
    """What a name keeps: no direction controls, ends stripped."""
    return clean_name(text)


def one_line_label(text: str) -> str:
    """What a snapshot label keeps: a name on one line, runs of white space as one space."""
    return " ".join(clean_name(text).split())


# --- the workspace --------------------------------------------------------------------------------

@dataclass
class Hostile:
    """Ids of what :func:`build_workspace` made, by corpus key."""
    engagements: dict[str, int] = field(default_factory=dict)
    huge_engagement: int = 0
    participants: dict[str, workspace.Participant] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    criteria: dict[str, str] = field(default_factory=dict)
    vendors: dict[str, int] = field(default_factory=dict)
    huge_vendor: int = 0
    huge_criterion: str = ""
    unscored_vendor: str = ""
    culture_comments: dict[str, str] = field(default_factory=dict)  # item id -> comment
    maturity_comments: dict[str, str] = field(default_factory=dict)  # participant key -> comment
    plan_owners: dict[str, str] = field(default_factory=dict)  # action key -> owner stored
    workshop_code: str = ""
    workshop_people: dict[str, workspace.Participant] = field(default_factory=dict)

    @property
    def main(self) -> int:
        return self.engagements[MAIN]

    @property
    def workshop(self) -> int:
        return self.engagements[WORKSHOP]


def build_workspace(path: Path) -> Hostile:
    """A new workspace at ``path`` (with the example) filled with the corpus."""
    db = workspace.open_workspace(path)
    made = Hostile()
    for key, text in CORPUS.items():      # created with the details, renamed to the entry
        made.engagements[key] = workspace.create_engagement(
            db, f"Engagement {key}", organization=text, industry=text, size=text,
            purpose=text).id
        workspace.update_engagement(db, made.engagements[key], name=text)
    made.huge_engagement = workspace.create_engagement(db, HUGE_ENGAGEMENT).id
    workspace.update_engagement(db, made.huge_engagement, organization=HUGE, industry=HUGE,
                                size=HUGE, purpose=HUGE)
    _fill_main(db, made)
    _fill_workshop(db, made)
    _fill_decision_record(db, made)
    db.close()
    return made


def _fill_main(db, made: Hostile) -> None:
    main = made.main
    culture_bank, maturity_bank = load_bank("culture"), load_bank("maturity")
    keys = list(CORPUS)
    for key in keys:
        made.participants[key] = workspace.add_participant(db, main, CORPUS[key])
    # Culture: person n answers every statement (so the report has results) and the comments
    # on the statements cycle through the corpus, the huge text included.
    items = [item.id for item in culture_bank.items]
    comments = [*CORPUS.values(), HUGE]
    reader = made.participants[MAIN]
    answers = [workspace.Answer(p.id, culture_bank.id, item, 1 + (n + i) % 5)
               for n, p in enumerate(made.participants.values())
               for i, item in enumerate(items)]
    workspace.save_answers(db, answers)
    for i, item in enumerate(items):
        comment = comments[i % len(comments)]
        workspace.save_comment(db, reader.id, culture_bank.id, item, comment)
        made.culture_comments[item] = kept(comment)
    # Maturity: everyone places every competency; each comments on the first in their own words.
    first = maturity_bank.competencies[0].id
    workspace.save_answers(db, [
        workspace.Answer(p.id, maturity_bank.id, c.id, 1 + (n + i) % 4)
        for n, p in enumerate(made.participants.values())
        for i, c in enumerate(maturity_bank.competencies)])
    for key, person in made.participants.items():
        workspace.save_comment(db, person.id, maturity_bank.id, first, CORPUS[key])
        made.maturity_comments[key] = kept(CORPUS[key])

    # Requirements: one category per entry, each with one criterion named after the entry.
    for key in keys:
        category = workspace.add_category(db, main, CORPUS[key], description=CORPUS[key])
        made.categories[key] = category.id
        criterion = workspace.add_criterion(
            db, main, category.id, CORPUS[key], description=CORPUS[key],
            direction="cost" if key == "sql" else "benefit",
            must_have=key == MUST_HAVE, min_score=MINIMUM if key == MUST_HAVE else 0.0)
        made.criteria[key] = criterion.id
    huge = workspace.add_criterion(db, main, made.categories[MAIN], "Huge description",
                                   description=HUGE)
    made.huge_criterion = huge.id

    # Vendors: name, company and status note each hold the entry; one more with huge texts.
    for key in keys:
        made.vendors[key] = workspace.add_vendor(db, main, CORPUS[key], CORPUS[key],
                                                 CORPUS[key]).id
    made.huge_vendor = workspace.add_vendor(db, main, "Huge vendor").id
    workspace.update_vendor(db, made.huge_vendor, company=HUGE, status_note=HUGE)

    # Scores: two scorers, every vendor on every criterion except that the "at" vendor is
    # left unscored on the must-have (a pending must-have); evidence cycles through the corpus.
    # The scorers disagree by 4 points on the "formula" vendor, so it is flagged; the
    # :data:`WINNER` vendor gets 5 everywhere, so a hostile name leads the comparison.
    criteria = [*made.criteria.values(), made.huge_criterion]
    vendors = [*made.vendors.items(), ("huge", made.huge_vendor)]
    made.unscored_vendor = "at"
    batch = []
    for s, scorer in enumerate(SCORERS):
        person = made.participants[scorer]
        for v, (vendor_key, vendor_id) in enumerate(vendors):
            for c, criterion in enumerate(criteria):
                if vendor_key == made.unscored_vendor and criterion == made.criteria[MUST_HAVE]:
                    continue
                value = float((v + c) % 6)
                if vendor_key == WINNER:
                    value = 5.0
                elif vendor_key == "formula":
                    value = 0.0 if s == 0 else 4.0
                evidence = comments[(v + c) % len(comments)]
                batch.append(workspace.Score(person.id, vendor_id, criterion, value, evidence))
    workspace.save_scores(db, batch)

    # Costs for every vendor (so value for money lists every hostile name), the huge vendor
    # left without; and the action plan: each roadmap action owned by an entry, in turn (an
    # owner with control characters is refused, so those entries are skipped).
    for n, vendor_id in enumerate(made.vendors.values()):
        workspace.costs.save_cost(db, main, vendor_id,
                                  workspace.costs.VendorCost(10.0 + n, 100, 1000.0 * n, 3))
    from outcomes import actions, gather
    plan = actions.plan_frame(gather.readiness(db, main), "2026-01-01")
    owners = [t for t in CORPUS.values() if not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0
                                                     for c in t)]
    for n, key in enumerate(plan["key"]):
        owner, _, _ = workspace.actions.save_plan(db, main, key, owners[n % len(owners)],
                                                  "2025-12-01", "under way")
        made.plan_owners[key] = owner

    # Snapshots labelled by every entry, a day apart (a label is one line of at most
    # workspace.SNAPSHOT_LABEL_MAX characters: the huge text is refused).
    culture = score(culture_bank, workspace.engagement_responses(db, main, culture_bank.id))
    maturity = score(maturity_bank, workspace.engagement_responses(db, main, maturity_bank.id),
                     {})
    payload = readiness_summary(culture_bank, culture, maturity_bank, maturity)
    for day, label in enumerate(CORPUS.values(), start=1):
        workspace.save_snapshot(db, main, payload, label,
                                taken_at=f"2026-01-{day:02d}T09:00:00+00:00")


def _fill_decision_record(db, made: Hostile) -> None:
    from outcomes import decision_record

    payload = decision_record.current(db, made.main)     # computed once, signed many times
    for key, text in CORPUS.items():
        for archived in (True, False):          # archived and restored: nothing else moves
            workspace.update_vendor(db, made.vendors[key], archived=archived, actor=text,
                                    note=text)
        workspace.sign_offs.sign_off(db, made.main, text, text, payload)


def _fill_workshop(db, made: Hostile) -> None:
    engagement = made.workshop
    culture_bank, maturity_bank = load_bank("culture"), load_bank("maturity")
    for key in CORPUS:
        category = workspace.add_category(db, engagement, CORPUS[key])
        workspace.add_criterion(db, engagement, category.id, CORPUS[key])
    vendor = workspace.add_vendor(db, engagement, CORPUS["markdown"])
    session = workspace.open_session(db, engagement, ["culture", "maturity", "weights", "scores"],
                                     weights_level="categories", weights_method="points")
    made.workshop_code = session.code
    categories = [c.id for c in workspace.list_categories(db, engagement)]
    criteria = [c.id for c in workspace.list_criteria(db, engagement)]
    for n, (key, text) in enumerate(CORPUS.items()):
        person = workspace.join_session(db, session.code, text)
        made.workshop_people[key] = person
        workspace.save_answers(db, [
            *(workspace.Answer(person.id, culture_bank.id, item.id, 1 + (n + i) % 5)
              for i, item in enumerate(culture_bank.items[:6])),
            workspace.Answer(person.id, maturity_bank.id, maturity_bank.competencies[0].id,
                             1 + n % 4)])
        points = {category: 0 for category in categories}
        points[categories[n % len(categories)]] = 60
        points[categories[(n + 1) % len(categories)]] += 40
        workspace.save_participant_weights(db, person.id, "categories", "points", points)
        workspace.save_scores(db, [workspace.Score(person.id, vendor.id, criteria[0],
                                                   float(n % 6), text)])
