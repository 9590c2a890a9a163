"""Pulse campaigns: create a campaign on the engagement, set its dates, segments and
anonymity rules, open it (which locks them), hand out the open link, QR code and invitee
links, watch the response rates, close it."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from datetime import date, timedelta  # noqa: E402

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from assessments.languages import english_name  # noqa: E402
from datafiles.invitees import ACCEPTED, MAX_MB, MAX_ROWS, InviteeError, read_invitees  # noqa: E402
from outcomes import pulse_exports, pulse_tables  # noqa: E402
from reports import qr  # noqa: E402
from ui import access, common, downloads, pulse  # noqa: E402
from ui import tables as shown_tables  # noqa: E402
from workspace.pulse import CLOSED, DRAFT  # noqa: E402

REFRESH_SECONDS = 10
CHOSEN = "campaigns.chosen"
esc = common.escape_markdown

database = common.db()
engagement = common.current_engagement(database)
st.title("Pulse campaigns")
st.caption(f"Engagement: {esc(engagement.name)}")
common.show_flash()
if not access.workshop_mode():
    st.info("Single-user local mode: this app answers only on this computer, so the "
            "workforce cannot reach the survey. Set a facilitator secret and start the app "
            "again to run a pulse (see the README).", icon=":material/lan:")


def _done(message: str, change) -> bool:
    """Run a change; say what happened (or why not) at the top of the next run."""
    try:
        change(common.db())
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return False
    if message:
        common.flash("success", message)
    return True


def _create() -> None:
    state = st.session_state

    def create(db):
        campaign = workspace.pulse.create_campaign(
            db, engagement.id, state.get("campaigns.new.name", ""),
            state.get("campaigns.new.opens"), state.get("campaigns.new.closes"),
            include_maturity=bool(state.get("campaigns.new.maturity")))
        state[CHOSEN] = campaign.id

    if _done("Campaign created as a draft: set its segments and rules, then open it.", create):
        state["campaigns.new.name"] = ""


def _segments_from_form(campaign) -> list[dict]:
    state = st.session_state
    segments = []
    for index, segment in enumerate(campaign.segments):
        if state.get(f"campaigns.segment.{index}.remove"):
            continue
        segments.append({"id": segment.id,
                         "name": state.get(f"campaigns.segment.{index}.name", segment.name),
                         "values": _lines(state.get(f"campaigns.segment.{index}.values", ""))})
    name = (state.get("campaigns.segment.new.name") or "").strip()
    if name:
        segments.append({"name": name,
                         "values": _lines(state.get("campaigns.segment.new.values", ""))})
    return segments


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _save_draft(campaign_id: int) -> None:
    state = st.session_state
    campaign = workspace.pulse.get_campaign(common.db(), campaign_id)
    if _done("Saved.", lambda db: workspace.pulse.update_campaign(
            db, campaign_id, opens_on=state.get("campaigns.opens"),
            closes_on=state.get("campaigns.closes"), min_group=state.get("campaigns.min_group"),
            min_comments=state.get("campaigns.min_comments"),
            segments=_segments_from_form(campaign))):
        for key in [k for k in state.keys() if str(k).startswith("campaigns.segment.")]:
            del state[key]


def _open(campaign_id: int) -> None:
    _done("The campaign is open: its rules, segments and questions are locked. Share the "
          "open link or import invitees.",
          lambda db: workspace.pulse.open_campaign(db, campaign_id))


def _close(campaign_id: int) -> None:
    st.session_state["campaigns.close"] = False
    _done("The campaign is closed: it takes no more answers, and its results are on Pulse "
          "results.", lambda db: workspace.pulse.close_campaign(db, campaign_id))


def _delete(campaign_id: int) -> None:
    st.session_state["campaigns.delete"] = False
    if _done("Campaign deleted with its answers.",
             lambda db: workspace.pulse.delete_campaign(db, campaign_id)):
        st.session_state.pop(CHOSEN, None)


def _close_date(campaign_id: int) -> None:
    _done("Close date changed.", lambda db: workspace.pulse.update_campaign(
        db, campaign_id, closes_on=st.session_state.get("campaigns.new_close")))


def _rotate(campaign_id: int) -> None:
    _done("New open link: the old one no longer works. People who started keep their "
          "private links.", lambda db: workspace.pulse.rotate_open_link(db, campaign_id))


def _headcounts(campaign) -> None:
    state = st.session_state
    total = state.get("campaigns.headcount.total")
    by_value = {s.id: {v: state.get(f"campaigns.headcount.{s.id}.{n}")
                       for n, v in enumerate(s.values)} for s in campaign.segments}
    _done("Headcounts saved.", lambda db: workspace.pulse.set_headcounts(
        db, campaign.id, total or None, {s: {v: n for v, n in values.items() if n}
                                         for s, values in by_value.items()}))


def _import(campaign_id: int) -> None:
    """Callback: create the links of the previewed list; keep the mail-merge file (the only
    copy of the links) for this tab."""
    listed = st.session_state.get("campaigns.invitees.preview")
    if listed is None:
        return
    db = common.db()
    campaign = workspace.pulse.get_campaign(db, campaign_id)

    def invite(db):
        tokens = workspace.respondents.add_invitees(
            db, campaign_id, [person.segments for person in listed.invitees])
        st.session_state["campaigns.mail_merge"] = (campaign_id, pulse_exports.mail_merge_csv(
            listed, tokens, campaign.segments, pulse.respondent_url))

    if _done(f"{len(listed.invitees):,} private links created. Download the mail-merge file "
             "now: it is the only copy of the links.", invite):
        st.session_state.pop("campaigns.invitees.preview", None)
        st.session_state.pop("campaigns.invitees", None)


# --- choosing or creating a campaign ---------------------------------------------------------

campaigns = workspace.pulse.list_campaigns(database, engagement.id)
with st.expander("New campaign", icon=":material/add:", expanded=not campaigns):
    with st.form("campaigns.new", border=False):
        st.text_input("Name", key="campaigns.new.name", max_chars=workspace.pulse.NAME_MAX,
                      placeholder="e.g. Spring 2027 pulse")
        left, right = st.columns(2)
        left.date_input("Opens on", value=date.today(), key="campaigns.new.opens")
        right.date_input("Closes on (included)", value=date.today() + timedelta(days=14),
                         key="campaigns.new.closes")
        st.checkbox("Also ask the maturity questionnaire", key="campaigns.new.maturity")
        st.caption("The campaign asks this engagement's culture questionnaire (and maturity "
                   "questionnaire if chosen) as they are now: later changes to the banks do "
                   "not reach it.")
        st.form_submit_button("Create the campaign",
                              on_click=access.guarded(_create), type="primary",
                              icon=":material/add:")
if not campaigns:
    st.stop()
ids = [c.id for c in campaigns]
if st.session_state.get(CHOSEN) not in ids:
    st.session_state[CHOSEN] = ids[0]
by_id = {c.id: c for c in campaigns}
st.selectbox("Campaign", ids, key=CHOSEN,
             format_func=lambda i: f"{by_id[i].name} · {pulse.phase_text(by_id[i])}")
campaign = by_id[st.session_state[CHOSEN]]
culture, maturity = pulse.banks(database, campaign)
st.header(esc(campaign.name))
st.caption(esc(pulse.phase_text(campaign)) + " · asks " + esc(culture.title)
           + (f" and {esc(maturity.title)}" if maturity else ""))
offered = pulse.offered_languages(culture)
if len(offered) > 1:
    st.caption("Respondents choose their language: "
               + ", ".join(english_name(code) for code in offered) + ". Answers pool across "
               "languages, the language is not kept with them, and results stay in English.")
    untranslated = pulse.untranslated(culture, maturity)
    if untranslated:
        st.warning("Respondents choosing these languages read some texts in English:\n\n"
                   + "\n".join(f"- {esc(line)}" for line in untranslated),
                   icon=":material/translate:")

# --- a draft: dates, rules, segments ---------------------------------------------------------

if campaign.status == DRAFT:
    with st.form("campaigns.settings"):
        left, right = st.columns(2)
        left.date_input("Opens on", value=date.fromisoformat(campaign.opens_on),
                        key="campaigns.opens")
        right.date_input("Closes on (included)", value=date.fromisoformat(campaign.closes_on),
                         key="campaigns.closes")
        left.number_input("Minimum group size for scores", 3, 10, campaign.min_group,
                          key="campaigns.min_group",
                          help="No score is shown for a group of fewer respondents (and no "
                               "group that would let a smaller one be worked out). 5 is usual; "
                               "locked once the campaign opens, and shown to respondents.")
        right.number_input("Minimum respondents for comments", 3, 100, campaign.min_comments,
                           key="campaigns.min_comments",
                           help="Comments are shown only once this many people answered.")
        st.markdown("**Segments**: how results are grouped. Respondents through the open link "
                    "choose their values (or prefer not to say); invitees' values come from "
                    "the list. One value per line; a segment without values is not asked. The "
                    "Role segment lists leaders first and employees last.")
        for index, segment in enumerate(campaign.segments):
            cells = st.columns([2, 3, 1], vertical_alignment="bottom")
            cells[0].text_input("Segment", value=segment.name,
                                key=f"campaigns.segment.{index}.name",
                                max_chars=workspace.pulse.NAME_MAX)
            cells[1].text_area("Values", value="\n".join(segment.values), height=100,
                               key=f"campaigns.segment.{index}.values")
            cells[2].checkbox("Remove", key=f"campaigns.segment.{index}.remove")
        cells = st.columns([2, 3, 1], vertical_alignment="bottom")
        cells[0].text_input("New segment", key="campaigns.segment.new.name",
                            max_chars=workspace.pulse.NAME_MAX, placeholder="e.g. Business unit")
        cells[1].text_area("Its values", key="campaigns.segment.new.values", height=100)
        st.form_submit_button("Save", on_click=access.guarded(_save_draft), args=(campaign.id,),
                              icon=":material/save:")
    st.markdown("\n".join(
        f"- **{esc(s.name)}**: " + (", ".join(esc(v) for v in s.values) or "no values: not "
                                     "asked") for s in campaign.segments))
    st.button("Open the campaign", key="campaigns.open", type="primary",
              on_click=access.guarded(_open), args=(campaign.id,), icon=":material/rocket_launch:",
              help="Locks the anonymity rules, segments and questions: respondents read the "
                   "rules before their first answer.")
    if st.toggle("Delete this draft…", key="campaigns.delete"):
        st.button("Yes, delete it", key="campaigns.delete.yes", on_click=access.guarded(_delete),
                  args=(campaign.id,), icon=":material/delete_forever:")
    st.stop()

# --- an opened campaign ----------------------------------------------------------------------

st.markdown(f"**Rules** (locked): scores for groups of {campaign.min_group} or more "
            f"respondents; comments once {campaign.min_comments} or more answered. "
            + "**Segments**: " + ("; ".join(f"{esc(s.name)} ({len(s.values)})"
                                            for s in campaign.segments) or "none"))
phase = campaign.phase()
if phase != CLOSED:
    st.subheader("Links")
    link = pulse.open_url(campaign)
    left, right = st.columns([3, 1])
    with left:
        st.markdown("**Open link**, for everyone (each person chooses their groups):")
        st.code(link, language=None)
        st.button("New open link", key="campaigns.rotate", on_click=access.guarded(_rotate),
                  args=(campaign.id,), icon=":material/autorenew:",
                  help="The old link stops working; people who started keep their links.")
    with right:
        st.image(qr.qr_png(link), caption="Scan to answer", width=200)
        downloads.download_button("QR code (SVG)", data=qr.qr_svg(link),
                                  file_name="pulse-qr.svg", mime="image/svg+xml",
                                  key="campaigns.qr_svg", icon=":material/qr_code_2:")
    with st.container(border=True):
        st.markdown("**Invitee links** from a list (CSV or Excel): a column *identifier* "
                    "(e-mail or employee number) and one column per segment. Each person "
                    "gets a private link; their groups come from the list and are not asked. "
                    "The app keeps no identifier, and no copy of the links.")
        upload = st.file_uploader(f"Upload {ACCEPTED}", type=["csv", "xlsx"],
                                  key="campaigns.invitees", max_upload_size=MAX_MB,
                                  help=f"Up to {MAX_MB} MB and {MAX_ROWS:,} people.")
        if upload is None:
            st.session_state.pop("campaigns.invitees.preview", None)
        else:
            try:
                listed = read_invitees(upload.getvalue(), upload.name, campaign.segments)
            except InviteeError as error:
                st.session_state.pop("campaigns.invitees.preview", None)
                st.error(esc(f"Not imported: {error}"), icon=":material/error:")
            else:
                st.session_state["campaigns.invitees.preview"] = listed
                count = len(listed.invitees)
                notes = [f"{count:,} {'person' if count == 1 else 'people'}"]
                if listed.missing:
                    notes.append("no column for " + ", ".join(listed.missing)
                                 + " (left unknown)")
                if listed.ignored:
                    notes.append("columns left out: " + ", ".join(listed.ignored))
                st.info(esc("; ".join(notes) + "."), icon=":material/fact_check:")
                st.button(f"Create {count:,} private link{'' if count == 1 else 's'}",
                          key="campaigns.invitees.create", type="primary",
                          on_click=access.guarded(_import), args=(campaign.id,),
                          icon=":material/link:")
        kept = st.session_state.get("campaigns.mail_merge")
        if kept and kept[0] == campaign.id:
            st.warning("This file is the only copy of the links: keep it for the mail merge, "
                       "then delete it. Importing the same people again gives them second "
                       "links.", icon=":material/warning:")
            downloads.download_button("Mail-merge file (CSV)", data=kept[1],
                                      file_name="pulse-invitee-links.csv", mime="text/csv",
                                      key="campaigns.mail_merge.download",
                                      icon=":material/download:")


@st.fragment(run_every=REFRESH_SECONDS if phase != CLOSED else None)
def response_rates() -> None:
    found = pulse.rates(common.db(), campaign.id)
    st.subheader("Response rates")
    shown_tables.metrics(pulse_tables.rates_metrics(found))
    shown_tables.show(pulse_tables.rates_table(found), progress={"rate"},
                      key="campaigns.rates")
    low = found.by_segment[found.by_segment["low"]]
    if len(low):
        st.warning(esc("Under 60%: " + ", ".join(f"{r.segment_name} {r.value}"
                                                   for r in low.itertuples())),
                   icon=":material/trending_down:")
    if phase != CLOSED:
        st.caption(f"Refreshes every {REFRESH_SECONDS} seconds. A group with fewer than "
                   f"{campaign.min_group} responses shows no count.")


response_rates()

with st.expander("Headcounts (for the open link)", icon=":material/groups:"):
    st.caption("Rates compare responses with invitees, or with the headcount you enter here.")
    with st.form("campaigns.headcounts", border=False):
        counts = campaign.headcounts or {}
        st.number_input("Everyone", 0, 1_000_000, counts.get("total") or 0,
                        key="campaigns.headcount.total")
        for segment in campaign.segments:
            columns = st.columns(min(4, max(1, len(segment.values))))
            for n, value in enumerate(segment.values):
                columns[n % len(columns)].number_input(
                    esc(f"{segment.name}: {value}"), 0, 1_000_000,
                    counts.get("values", {}).get(segment.id, {}).get(value) or 0,
                    key=f"campaigns.headcount.{segment.id}.{n}")
        st.form_submit_button("Save headcounts",
                              on_click=access.guarded(_headcounts), args=(campaign,))

if phase == CLOSED:
    st.success("This campaign is closed.", icon=":material/lock:")
    common.page_link("pages/pulse_results.py", label="See its results",
                 icon=":material/monitoring:")
else:
    left, right = st.columns(2)
    with left.form("campaigns.close_date", border=False):
        st.date_input("Close date (included)", value=date.fromisoformat(campaign.closes_on),
                      key="campaigns.new_close")
        st.form_submit_button("Change the close date", on_click=access.guarded(_close_date),
                              args=(campaign.id,))
    with right:
        if st.toggle("Close the campaign now…", key="campaigns.close"):
            st.warning("It will take no more answers, and its results can be shown. A closed "
                       "campaign never opens again.", icon=":material/warning:")
            st.button("Yes, close it now", key="campaigns.close.yes", type="primary",
                      on_click=access.guarded(_close), args=(campaign.id,), icon=":material/lock:")
if st.toggle("Delete this campaign…", key="campaigns.delete"):
    st.warning("Its invitees, respondents and every answer go with it.",
               icon=":material/warning:")
    st.button("Yes, delete it", key="campaigns.delete.yes", on_click=access.guarded(_delete),
              args=(campaign.id,), icon=":material/delete_forever:")
