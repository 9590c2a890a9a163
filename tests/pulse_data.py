"""Pulse campaigns with answers, for tests: built through the workspace's own functions."""
from __future__ import annotations

from datetime import date

import numpy as np

from assessments import load_bank
from workspace import pulse, respondents

TODAY = date(2026, 11, 30)
SEGMENTS = [{"name": "Department", "values": ["Sales", "IT", "Finance", "Legal"]},
            {"name": "Location", "values": ["Lyon", "Paris"]},
            {"id": "role", "name": "Role", "values": ["Leader", "Manager", "Employee"]}]


def open_campaign(db, engagement_id: int, name: str = "Autumn pulse", segments=None,
                  maturity: bool = False, **options):
    """An open campaign (20 Nov - 15 Dec 2026) of the engagement."""
    campaign = pulse.create_campaign(db, engagement_id, name, "2026-11-20", "2026-12-15",
                                     segments=SEGMENTS if segments is None else segments,
                                     include_maturity=maturity, **options)
    return pulse.open_campaign(db, campaign.id, TODAY)


def answer(db, campaign_id: int, profile: dict, value, *, token: str | None = None,
           comment: str = "", maturity_stage: int | None = None, outcome=None,
           today: date | None = TODAY) -> str:
    """One respondent answering every culture statement with ``value`` (a function of the
    statement gives each its own); returns their link's token. ``today`` None: the real
    date."""
    bank = load_bank("culture")
    _, token = respondents.start(db, campaign_id, profile, token=token, today=today)
    for statement in bank.statements:
        given = value(statement) if callable(value) else value
        if statement.id == "o01" and outcome is not None:
            given = outcome
        respondents.save_answer(db, token, "culture", statement.id, given,
                                dont_know=given is None, today=today)
    if comment:
        respondents.save_comment(db, token, "culture", "c11", comment, today=today)
    if maturity_stage is not None:
        for competency in load_bank("maturity").competencies:
            respondents.save_answer(db, token, "maturity", competency.id, maturity_stage,
                                    today=today)
    return token


def closed_campaign(db, engagement_id: int, groups, **options):
    """A closed campaign: ``groups`` are (count, profile, value) answering alike."""
    campaign = open_campaign(db, engagement_id, **options)
    for count, profile, value in groups:
        for _ in range(count):
            answer(db, campaign.id, profile, value)
    return pulse.close_campaign(db, campaign.id, TODAY)


def random_campaign(db, engagement_id: int, people: int = 120, seed: int = 0, **options):
    """A closed campaign of ``people`` respondents with random profiles and answers
    (leaders answer more favourably)."""
    rng = np.random.default_rng(seed)
    campaign = open_campaign(db, engagement_id, **options)
    for n in range(people):
        role = rng.choice(["Leader", "Manager", "Employee"], p=[0.15, 0.2, 0.65])
        profile = {"department": rng.choice(["Sales", "IT", "Finance", "Legal"],
                                             p=[0.5, 0.3, 0.17, 0.03]),
                   "location": rng.choice(["Lyon", "Paris"]), "role": role}
        lift = 1.0 if role == "Leader" else 0.0
        answer(db, campaign.id, profile,
               lambda s, lift=lift: int(np.clip(round(rng.normal(3 + lift * (-1 if getattr(
                   s, "reverse", False) else 1), 0.8)), 1, 5)),
               comment=f"Comment number {n} mentions Anna Berg" if n % 9 == 0 else "",
               maturity_stage=int(rng.integers(1, 5)) if options.get("maturity") else None)
    return pulse.close_campaign(db, campaign.id, TODAY)
