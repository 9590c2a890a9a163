"""The engagement's results for the pages, computed once per change of the engagement.

The gathering itself is domain work in :mod:`outcomes.gather` (shared with every export);
this module only caches it per process, keyed by the engagement's data version.
"""
from __future__ import annotations

import json

import streamlit as st

import assessments
import workspace
from outcomes import decision_record, gather
from outcomes.gather import Platforms, Readiness

__all__ = ["Platforms", "Readiness", "bank", "decision_now", "engagement_banks", "fingerprint",
           "platforms", "readiness"]


@st.cache_resource(max_entries=16, show_spinner=False)
def _shipped_bank(bank_id: str) -> assessments.Bank:
    # Banks are frozen dataclasses: parsed once per process, shared by every session.
    return assessments.load_bank(bank_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def _installed_bank(bank_id: str, text: str) -> assessments.Bank:
    return assessments.parse_bank(json.loads(text), f"{bank_id} (installed)")


def bank(database: workspace.Database, bank_id: str, kind: str) -> assessments.Bank:
    """A shipped or installed bank of the given kind, parsed once per process.

    Raises:
        BankError: the installed bank no longer validates, or is of the other kind.
        NotFound: no bank with this id exists.
    """
    return gather.bank(database, bank_id, kind, shipped=_shipped_bank,
                       installed=lambda bank_id, data: _installed_bank(
                           bank_id, json.dumps(data, sort_keys=True)))


def engagement_banks(database: workspace.Database, engagement_id: int
                     ) -> tuple[assessments.LikertBank, assessments.StagedBank]:
    """The culture (likert) and maturity (staged) banks an engagement uses."""
    return gather.engagement_banks(database, engagement_id,
                                   lambda bank_id, kind: bank(database, bank_id, kind))


def fingerprint(database: workspace.Database, engagement_id: int) -> tuple:
    """What the engagement's results depend on, as a cheap cache key (with the file and
    the closed pulse campaigns set beside them)."""
    return (str(workspace.location()),
            *workspace.engagement_fingerprint(database, engagement_id),
            workspace.pulse.engagement_pulse_fingerprint(database, engagement_id))


@st.cache_data(max_entries=32, show_spinner=False)
def _readiness(engagement_id: int, key: tuple) -> Readiness:
    """Scoring, computed once per change of the engagement (``key`` is its fingerprint)."""
    from ui import pulse

    database = workspace.open_workspace()
    return gather.readiness(database, engagement_id, engagement_banks(database, engagement_id),
                            pulse_results=lambda campaign_id: pulse.results(database,
                                                                            campaign_id))


def readiness(database: workspace.Database, engagement_id: int) -> Readiness:
    """Scores, stages and ranked recommendations of an engagement's questionnaires."""
    return _readiness(engagement_id, fingerprint(database, engagement_id))


@st.cache_data(max_entries=32, show_spinner=False)
def _platforms(engagement_id: int, key: tuple) -> Platforms | None:
    """The comparison, computed once per change of the engagement (``key``: fingerprint)."""
    return gather.platforms(workspace.open_workspace(), engagement_id)


def platforms(database: workspace.Database, engagement_id: int) -> Platforms | None:
    """The vendor comparison, or None while criteria, vendors or scores are missing."""
    return _platforms(engagement_id, fingerprint(database, engagement_id))


@st.cache_data(max_entries=32, show_spinner="Freezing the decision as it stands…")
def _decision_now(engagement_id: int, key: tuple) -> dict | None:
    """What a sign-off would freeze now, once per change of the engagement."""
    return decision_record.current(workspace.open_workspace(), engagement_id)


def decision_now(database: workspace.Database, engagement_id: int) -> dict | None:
    """The decision as a sign-off would freeze it now (see outcomes.decision_record), or
    None while there is nothing to compare."""
    return _decision_now(engagement_id, fingerprint(database, engagement_id))
