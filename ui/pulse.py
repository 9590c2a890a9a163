"""What the pulse pages share: the respondent's link, starting within the limits, cached
results and response rates.

A respondent reaches the app only through a link: the campaign's open link
(``?pulse=<token>``) or a private one (``?r=<token>``: an invitee's, or the one made for
someone who started through the open link). The token stays in this browser tab's session
and in the URL, so a refresh or a bookmark comes back to the same questionnaire.
``ui.access.role`` makes such a visitor a *respondent*, whose menu holds only the
questionnaire: no engagement, no results.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

import workspace
import workshops
from assessments.languages import ENGLISH, best_language
from outcomes import pulse as outcomes_pulse
from ui import access
from ui.pulse_words import words

OPEN_PARAM, PRIVATE_PARAM, LANGUAGE_PARAM = "pulse", "r", "lang"
PARAMS = (OPEN_PARAM, PRIVATE_PARAM)
TOKEN = "pulse.token"          # session: the respondent's private token, once started
LINK = "pulse.link"            # session: (kind, token) of the link this tab came with
LANGUAGE = "pulse.language"    # session (and the link's ``lang``): the language answered in
PAGE = "pages/pulse_answer.py"
TOKEN_MAX = 64


def link() -> tuple[str, str] | None:
    """The pulse link of this tab: ("private", token) or ("open", token), or None."""
    if st.session_state.get(TOKEN):
        return "private", st.session_state[TOKEN]
    if LINK in st.session_state:
        return st.session_state[LINK]
    for kind, param in (("private", PRIVATE_PARAM), ("open", OPEN_PARAM)):
        if param in st.query_params:
            found = (kind, st.query_params[param][:TOKEN_MAX])
            st.session_state[LINK] = found
            return found
    return None


def forget() -> None:
    """This tab answers no survey any more (the link stays valid elsewhere): the link is
    dropped from the session and the address, and not taken from the address again."""
    st.session_state.pop(TOKEN, None)
    st.session_state[LINK] = None
    for param in (*PARAMS, LANGUAGE_PARAM):
        st.query_params.pop(param, None)
    for key in list(st.session_state.keys()):
        if key.startswith("pulse.q."):
            del st.session_state[key]


def offered_languages(culture) -> tuple[str, ...]:
    """The languages a campaign's questionnaire can be answered in: English, then those its
    culture bank lists."""
    return (ENGLISH, *culture.languages)


def untranslated(culture, maturity) -> list[str]:
    """What a respondent choosing one of the culture bank's languages reads in English: the
    texts either bank lacks in it (a maturity bank without the language at all, in one
    line), and the page's own words where this app does not speak it."""
    from assessments.languages import english_name
    from assessments.translation import missing_text, missing_translations
    from ui.pulse_words import WORDS

    lines = [f"Culture: {line}" for line in missing_text(missing_translations(culture))]
    if maturity is not None:
        absent = [code for code in culture.languages if code not in maturity.languages]
        if absent:
            lines.append(f"Maturity ({maturity.title}): no translation into "
                         + ", ".join(english_name(code) for code in absent)
                         + ": asked in English")
        lines += [f"Maturity: {line}" for line in missing_text(
            [m for m in missing_translations(maturity) if m.language in culture.languages])]
    page = [code for code in culture.languages if code not in WORDS]
    if page:
        lines.append("The page's own words (rules, buttons): in English for "
                     + ", ".join(english_name(code) for code in page))
    return lines


def language(offered: tuple[str, ...]) -> str:
    """The language this tab answers in: the one chosen (kept in the session and in the
    link's ``lang``), else the browser's preferred one among ``offered``, else English.

    The choice lives only in the link and the session, never with the answers: in a small
    group, the language of an answer could tell who gave it.
    """
    chosen = st.session_state.get(LANGUAGE) or st.query_params.get(LANGUAGE_PARAM)
    if chosen not in offered:
        chosen = best_language(st.context.headers.get("Accept-Language"), offered) or ENGLISH
    st.session_state[LANGUAGE] = chosen
    if len(offered) > 1 and st.query_params.get(LANGUAGE_PARAM) != chosen:
        st.query_params[LANGUAGE_PARAM] = chosen
    return chosen


def language_picker(offered: tuple[str, ...], current: str) -> None:
    """The language choice at the top of the respondent's page (only when there is one)."""
    from assessments.languages import native_name

    if len(offered) < 2:
        return
    st.segmented_control(words(current)["language"], offered, key=LANGUAGE,
                         format_func=native_name, on_change=access.guarded(_keep_language),
                         args=(offered,))


def language_mark(language: str) -> str:
    """The part of a widget's key naming the language its labels are in ("" for English,
    "de." for German): a browser sends a choice back by its label, so a widget whose labels
    changed language would lose what it shows as chosen."""
    return "" if language == ENGLISH else f"{language}."


def _keep_language(offered: tuple[str, ...]) -> None:
    """Callback: the language chosen goes into the link (a refresh or a bookmark keeps it);
    groups chosen before the change stay chosen; choosing the chosen one again keeps it."""
    before = st.query_params.get(LANGUAGE_PARAM, ENGLISH)
    chosen = st.session_state.get(LANGUAGE)
    if chosen not in offered:
        st.session_state[LANGUAGE] = chosen = before if before in offered else ENGLISH
    st.query_params[LANGUAGE_PARAM] = chosen
    old, new = f"pulse.segment.{language_mark(before)}", f"pulse.segment.{language_mark(chosen)}"
    for key in [k for k in st.session_state.keys() if str(k).startswith(old)]:
        segment = str(key).removeprefix(old)
        if "." not in segment:       # (from English, "pulse.segment." prefixes every language)
            st.session_state[new + segment] = st.session_state[key]


@dataclass(frozen=True)
class Where:
    """Where a link leads: ``state`` is "respondent" (started), "invited" (an invitee link
    not used yet), "open" (the open link), or "invalid"."""
    state: str
    campaign: workspace.pulse.Campaign | None = None
    respondent: workspace.respondents.Respondent | None = None
    segments: dict | None = None
    token: str = ""


def resolve(database: workspace.Database) -> Where | None:
    """Where this tab's link leads (None without a link)."""
    found = link()
    if found is None:
        return None
    kind, token = found
    if kind == "private":
        respondent = workspace.respondents.respondent_by_token(database, token)
        if respondent is not None:
            return Where("respondent", workspace.pulse.get_campaign(
                database, respondent.campaign_id), respondent, respondent.segments, token)
        invited = workspace.respondents.invitation(database, token)
        if invited is not None:
            return Where("invited", workspace.pulse.get_campaign(database, invited.campaign_id),
                         segments=invited.segments, token=token)
    else:
        campaign = workspace.pulse.campaign_by_open_link(database, token)
        if campaign is not None:
            return Where("open", campaign, token=token)
    return Where("invalid", token=token)


def count_wrong_link(database: workspace.Database) -> None:
    """Count a link that opens nothing against this address (like a wrong join code).

    Raises:
        access.TooManyTries: too many wrong links from this address: wait first.
    """
    from ui import access

    where = access.client().address
    access._attempt(database, [(f"pulse-link/address/{where}",
                                workshops.throttle.PULSE_LINKS_PER_ADDRESS)],
                    "Too many survey links that did not work {who}. Wait {wait}, then try "
                    "again.")


def start(where: Where, segments: dict) -> str:
    """Start answering the campaign ``where`` leads to; returns the private token. Through
    the open link, people starting from one address are limited (flooding).

    Raises:
        access.TooManyTries: many people started from this address just now: wait first.
        workspace.WorkspaceError: the campaign takes no answers now, is full, or a segment
            value is not its own.
    """
    from ui import access, common

    database = common.db()
    taken = None
    if where.state == "open":
        taken = access._attempt(
            database, [(f"pulse-start/address/{access.client().address}",
                        workshops.throttle.PULSE_STARTS_PER_ADDRESS)],
            "Many people have started this survey {who} in the last minutes. Wait {wait}, "
            "then try again.")
    try:
        _, token = workspace.respondents.start(
            database, where.campaign.id, segments,
            token=where.token if where.state == "invited" else None)
    except workspace.WorkspaceError:
        if taken is not None:
            workspace.attempts.give_back(database, taken)
        raise
    forget()
    st.session_state[TOKEN] = token
    st.session_state[LINK] = ("private", token)
    st.query_params[PRIVATE_PARAM] = token
    return token


def respondent_url(token: str, language: str = ENGLISH) -> str:
    """A respondent's private link: the address's root, which for a respondent is their
    questionnaire (their menu's only page); in another language than English, the link
    keeps it."""
    from ui import access

    kept = f"&{LANGUAGE_PARAM}={language}" if language != ENGLISH else ""
    return f"{access.base_url()}/?{PRIVATE_PARAM}={token}{kept}"


def open_url(campaign: workspace.pulse.Campaign) -> str:
    """The campaign's open link (for everyone)."""
    from ui import access

    return f"{access.base_url()}/?{OPEN_PARAM}={campaign.open_link}"


# --- cached results --------------------------------------------------------------------------

@st.cache_resource(max_entries=32, show_spinner=False)
def _banks(path: str, campaign_id: int, created_at: str, language: str, _database):
    # A campaign's questionnaire never changes after it is created (the workspace's path in
    # the key: another workspace's campaign 1 of the same second is another campaign).
    from assessments.translation import translated

    culture, maturity = workspace.pulse.campaign_banks(_database, workspace.pulse.get_campaign(
        _database, campaign_id))
    return (translated(culture, language),
            translated(maturity, language) if maturity is not None else None)


def banks(database: workspace.Database, campaign: workspace.pulse.Campaign,
          language: str = ENGLISH):
    """The campaign's culture bank and maturity bank (None when not asked), parsed once, in
    ``language`` (English where a text has no translation)."""
    return _banks(str(workspace.location()), campaign.id, campaign.created_at, language,
                  database)


def fingerprint(database: workspace.Database, campaign_id: int) -> tuple:
    return (str(workspace.location()), date.today().isoformat(),
            *workspace.pulse.campaign_fingerprint(database, campaign_id))


@st.cache_resource(max_entries=16, show_spinner=False)
def _results(campaign_id: int, key: tuple) -> outcomes_pulse.PulseResults:
    # A closed campaign's results never change: shared by every session (nothing in them
    # is mutated), computed once per change of the campaign.
    return outcomes_pulse.results(workspace.open_workspace(), campaign_id)


def results(database: workspace.Database, campaign_id: int) -> outcomes_pulse.PulseResults:
    """The campaign's results (scores only once closed), computed once per change."""
    return _results(campaign_id, fingerprint(database, campaign_id))


@st.cache_resource(max_entries=128, show_spinner=False)
def _table(builder: str, campaign_id: int, key: tuple, args: tuple, as_grid: bool):
    # The results never change once closed: each table (or its grid) made once, shared.
    from outcomes import pulse_tables

    made = getattr(pulse_tables, builder)(_results(campaign_id, key), *args)
    return pulse_tables.grid(made) if as_grid else made


def results_table(database: workspace.Database, campaign_id: int, builder: str, *args,
                  as_grid: bool = False):
    """``outcomes.pulse_tables.<builder>(results, *args)`` (as a grid of text with
    ``as_grid``), made once per change of the campaign."""
    return _table(builder, campaign_id, fingerprint(database, campaign_id), args, as_grid)


@st.cache_data(max_entries=32, show_spinner=False, ttl=600)
def _rates(campaign_id: int, key: tuple) -> outcomes_pulse.Rates:
    return outcomes_pulse.rates(workspace.open_workspace(), campaign_id)


def rates(database: workspace.Database, campaign_id: int) -> outcomes_pulse.Rates:
    """Response rates, recomputed when an answer or an invitee arrives."""
    return _rates(campaign_id, fingerprint(database, campaign_id))


def phase_text(campaign: workspace.pulse.Campaign, language: str = ENGLISH) -> str:
    """The campaign's phase in words, with its dates."""
    phase = campaign.phase()
    said = words(language)
    return {workspace.pulse.DRAFT: said["phase_draft"],
            workspace.pulse.SCHEDULED: said["phase_scheduled"].format(date=campaign.opens_on),
            workspace.pulse.OPEN: said["phase_open"].format(date=campaign.closes_on),
            workspace.pulse.CLOSED: said["phase_closed"].format(date=campaign.closes_on)
            }[phase]


def rules_text(campaign: workspace.pulse.Campaign, language: str = ENGLISH) -> list[str]:
    """The anonymity rules as a respondent reads them before the first question (once the
    survey has closed, without the promise that answers can still be changed)."""
    said = words(language)
    results = ("rule_results_closed" if campaign.phase() == workspace.pulse.CLOSED
               else "rule_results")
    return [said["rule_anonymous"],
            said["rule_minimum"].format(minimum=campaign.min_group),
            said["rule_comments"].format(comments=campaign.min_comments),
            said["rule_no_time"],
            said[results].format(date=campaign.closes_on)]


def report_section(readiness, key: str = "report.pulse") -> None:
    """The readiness report's pulse section: the organization's scores beside the
    leadership team's, and the gap findings (nothing without a closed pulse)."""
    from outcomes import pulse_tables
    from reports.formats import Kind
    from ui import access, common
    from ui import tables as shown_tables

    result = readiness.pulse
    if result is None:
        return
    esc = common.escape_markdown
    st.header("Organization-wide pulse")
    st.caption(f"{esc(result.campaign.name)}, closed on {result.campaign.closes_on}: "
               f"{result.respondents} respondents. Groups under {result.minimum} responses "
               "are hidden; its recommendations are ranked in with the others (source Pulse).")
    shown_tables.metrics(pulse_tables.metrics(result))
    shown_tables.show(pulse_tables.beside_leaders(
        result, readiness.culture if readiness.has_culture else None), key=key)
    if result.gap is not None:
        for row in result.gap.findings.to_dict("records"):
            st.warning(esc(f"{row['name']}: leaders score it {Kind.CHANGE.text(row['gap'])} "
                           f"points above employees. {row['title']}."),
                       icon=":material/compare_arrows:")
    if access.allowed("pages/pulse_results.py"):
        st.page_link("pages/pulse_results.py", label="Every pulse result",
                     icon=":material/monitoring:")
