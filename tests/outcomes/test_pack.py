"""The board pack's content: what each slide says when data is large, missing or knocked out."""
from __future__ import annotations

import workspace
from outcomes import pack, report
from reports.pdf_pack import deck_pdf
from tests.outcomes.test_one_truth import CRITERIA, _requirements, _scores, build, pdf_pages


def _many_vendors(db) -> int:
    """12 vendors; the two knocked out (single sign-on below 3) rank beyond the first 10."""
    engagement = workspace.create_engagement(db, "Many vendors")
    _requirements(db, engagement.id, CRITERIA)
    table = {f"Vendor {n:02d}": {"sso": 4, "audit": 5 - n / 4, "licence": 2}
             for n in range(1, 11)}
    table |= {"Late A": {"sso": 1, "audit": 5, "licence": 0},
              "Late B": {"sso": 2, "audit": 5, "licence": 0}}
    _scores(db, engagement.id, "CIO", table)
    return engagement.id


def test_knock_outs_beyond_the_first_ten_vendors_draw_and_are_said(example_db):
    """The slide's ranking chart shows the first 10 vendors; fading knocked-out vendors it
    does not show raised KeyError, so the PDF and the HTML report could not be made."""
    eid = _many_vendors(example_db)
    deck = pack.gather_pack(example_db, eid, "2026-11-30")
    ranking = next(s for s in deck.slides if s.key == "ranking")
    chart = next(b for b in ranking.blocks if hasattr(b, "kind"))
    assert len(chart.categories) == 10 and "Late A" not in chart.categories
    assert len(pdf_pages(deck_pdf(deck))) == len(deck.slides)
    document = report.report_html(pack.details(workspace.get_engagement(example_db, eid)),
                                  *_results(example_db, eid), "2026-11-30").decode()
    assert "Late A" in document and "Single sign-on 1.00 &lt; 3" in document
    must = next(s for s in deck.slides if s.key == "must_haves")
    assert must.message == "2 of 12 vendors fail a must-have and take no rank."


def _results(db, eid):
    from outcomes import gather
    return gather.readiness(db, eid), gather.platforms(db, eid)


def test_an_empty_engagement_gets_a_true_pack_without_verdicts(example_db):
    deck = pack.gather_pack(example_db, build(example_db, "empty"), "2026-11-30")
    keys = [s.key for s in deck.slides]
    assert keys == ["title", "answer", "readiness", "decision", "method", "coverage"]
    answer = deck.slides[1]
    assert answer.message == ("Readiness is not known yet; no vendor has been scored yet, so "
                              "there is no platform choice to report.")
    values = {m.label: m.value for m in answer.blocks[0].items}
    assert set(values.values()) == {"—"}


def test_when_every_vendor_is_knocked_out_none_leads_and_each_reason_is_given(example_db):
    deck = pack.gather_pack(example_db, build(example_db, "all_knocked_out"), "2026-11-30")
    answer = deck.slides[1]
    assert "every vendor fails a must-have, so none is ranked and none leads" in answer.message
    said = [b.text for block in answer.blocks[1:] for b in block.items]
    assert "Alpha is knocked out: Single sign-on 2.00 < 3." in said
    assert "Beta is knocked out: Single sign-on 1.00 < 3." in said
    robustness = next(s for s in deck.slides if s.key == "robustness")
    assert robustness.message == ("Robustness needs at least two vendors that pass the "
                                  "must-haves.")


def test_a_tie_is_said_as_a_tie(example_db):
    engagement = workspace.create_engagement(example_db, "Tied")
    _requirements(example_db, engagement.id,
                  [("sso", "security", "Single sign-on", "benefit", False, 0.0)])
    _scores(example_db, engagement.id, "CIO", {"Alpha": {"sso": 4}, "Beta": {"sso": 4}})
    deck = pack.gather_pack(example_db, engagement.id, "2026-11-30")
    ranking = next(s for s in deck.slides if s.key == "ranking")
    assert ranking.message == "Alpha and Beta tie for first place at 4.00 of 5."
    answer = {m.label: m.value for m in deck.slides[1].blocks[0].items}
    assert answer["Lead over the runner-up"] == "0.00"


def test_no_cost_data_means_no_value_for_money_slide_and_the_coverage_says_so(example_db):
    deck = pack.gather_pack(example_db, build(example_db, "tie"), "2026-11-30")
    assert "value_for_money" not in [s.key for s in deck.slides]
    coverage = deck.slides[-1]
    assert any("no total cost of ownership is recorded" in b.text
               for block in coverage.blocks if hasattr(block, "numbered")
               for b in block.items)


def test_the_trend_slide_appears_with_two_snapshots(example_db):
    deck = pack.gather_pack(example_db, build(example_db, "trend"), "2026-11-30")
    trend = next(s for s in deck.slides if s.key == "trend")
    assert trend.message.startswith("Overall culture readiness went from")
    example = pack.gather_pack(example_db, 1, "2026-11-30")
    assert "trend" not in [s.key for s in example.slides]       # one snapshot: no trend


def test_values_agreed_in_a_workshop_are_in_the_pack_and_the_html_report(example_db,
                                                                           culture_bank):
    """The agreed values replace individual answers in every result, so the hand-over says
    which they are and why, in each format, readiness and decision alike."""
    from outcomes import gather
    from tests.conftest import agreed_workshop

    [example] = workspace.list_engagements(example_db)
    before = pack.gather_pack(example_db, example.id, "2026-11-30")
    assert not {"agreed", "agreed_scores"} & {s.key for s in before.slides}
    agreed_workshop(example_db, example.id)
    deck = pack.gather_pack(example_db, example.id, "2026-11-30")
    readiness = next(s for s in deck.slides if s.key == "agreed")
    decision = next(s for s in deck.slides if s.key == "agreed_scores")
    [listed] = readiness.blocks
    assert listed.table.frame["rationale"].tolist() == ["Open, within teams"]
    assert decision.blocks[0].table.frame["rationale"].tolist() == ["Half the features"]
    # On the answer's own scale, as the workshop offered it, not "4.0" beside 0-100 scores.
    culture_bank = gather.readiness(example_db, example.id).culture_bank
    assert listed.table.texts()[0][2] == f"4 · {culture_bank.labels[3]}"
    assert decision.blocks[0].table.texts()[0][2] == "2.5"
    html = report.report_html(pack.details(example), gather.readiness(example_db, example.id),
                              gather.platforms(example_db, example.id),
                              "2026-11-30").decode("utf-8")
    assert "Agreed in a workshop" in html and "Scores agreed in a workshop" in html
    assert "Open, within teams" in html and "Half the features" in html
    assert any("Half the features" in page for page in pdf_pages(deck_pdf(deck)))


def test_a_signed_off_decision_gets_a_slide_that_says_what_changed_since(example_db):
    from outcomes import decision_record

    [example] = workspace.list_engagements(example_db)
    before = pack.gather_pack(example_db, example.id, "2026-11-30")
    assert "decision_record" not in [s.key for s in before.slides]
    decision_record.sign_off(example_db, example.id, "Ana Board", "Approved")
    signed = pack.gather_pack(example_db, example.id, "2026-11-30")
    slide = next(s for s in signed.slides if s.key == "decision_record")
    assert slide.message.endswith("nothing has changed since.")
    assert signed.slides[-3] is slide            # the decision part's last, before "About"
    workspace.update_criterion(example_db, example.id, "permissions", must_have=True,
                               min_score=3)
    deck = pack.gather_pack(example_db, example.id, "2026-11-30")
    slide = next(s for s in deck.slides if s.key == "decision_record")
    assert "changed since sign-off" in slide.message
    changed = slide.blocks[1].table.frame
    assert "Permissions and access control" in changed["item"].tolist()
    from outcomes import gather
    html = report.report_html(pack.details(example), gather.readiness(example_db, example.id),
                              gather.platforms(example_db, example.id), "2026-11-30",
                              sign_offs=workspace.sign_offs.list_sign_offs(example_db,
                                                                           example.id)
                              ).decode("utf-8")
    assert "Decision record" in html and "Ana Board" in html
    assert any("Ana Board" in page for page in pdf_pages(deck_pdf(deck)))


def test_the_action_plan_slide_appears_once_an_action_has_an_owner_and_says_what_is_late(
        example_db):
    from outcomes import actions, gather
    from reports.pdf_pack import deck_pdf
    from reports.pptx_pack import deck_pptx
    from tests.outcomes.test_one_truth import pdf_pages, pptx_slides

    assert "action_plan" not in [s.key for s in pack.gather_pack(example_db, 1, "2026-11-30")
                                 .slides]
    plan = actions.plan_frame(gather.readiness(example_db, 1), "2026-11-30")
    keys, first = list(plan["key"][:2]), plan["title"].iloc[0]
    workspace.actions.save_plan(example_db, 1, keys[0], "<b>Ann</b>", "2026-11-01", "under way")
    workspace.actions.save_plan(example_db, 1, keys[1], "Ben", "2026-11-01", "done")
    deck = pack.gather_pack(example_db, 1, "2026-11-30")
    slide = next(s for s in deck.slides if s.key == "action_plan")
    assert slide.message == f"1 action late: {first}."
    [deck_slide] = [s for s in pptx_slides(deck_pptx(deck)) if s.title == "Action plan"]
    [grid] = deck_slide.tables
    assert grid[0] == ["Action", "Owner", "Due", "Status", "Late"]
    assert grid[1][1:] == ["<b>Ann</b>", "2026-11-01", "under way", "late"]
    assert grid[2][1:] == ["Ben", "2026-11-01", "done", ""]
    text = next(p for p in pdf_pages(deck_pdf(deck)) if p.startswith("READINESS Action plan"))
    assert "<b>Ann</b> 2026-11-01 under way late" in text


def deck_texts(deck) -> list[str]:
    """Every text a reader sees on the slides: messages, cards, tables, lists, notes."""
    texts = []
    for slide in deck.slides:
        texts += [slide.title, slide.message]
        for block in slide.blocks:
            if hasattr(block, "table"):
                texts += [block.heading, block.table.note, *block.table.labels]
                texts += [cell for row in block.table.texts() for cell in row]
            for item in getattr(block, "items", ()):
                texts += [getattr(item, name, "") for name in
                          ("label", "value", "caption", "text", "detail")]
            for column in getattr(block, "columns", ()) if not hasattr(block, "table") else ():
                texts += [b.text for b in column.items] + [column.heading]
    return [str(text) for text in texts if text]


def test_counted_nouns_agree_with_their_number_and_percent_signs_touch_it(example_db):
    """A consultant's review: "1 value(s) agreed", "3 must-have(s)", "6 culture dimension(s)
    below target (3 barrier(s))", "95 % interval" beside "60%"."""
    import re

    from tests.conftest import agreed_workshop

    [example] = workspace.list_engagements(example_db)
    agreed_workshop(example_db, example.id)
    texts = deck_texts(pack.gather_pack(example_db, example.id, "2026-11-30"))
    assert not [t for t in texts if "(s)" in t or "(ies)" in t]
    assert not [t for t in texts if re.search(r"\d %", t)]
    said = " ".join(texts)
    assert "1 value agreed in a workshop" in said
    assert re.search(r"\b\d+ culture dimensions below target \(\d+ barriers?\)", said)


def test_the_weights_slide_says_how_a_level_set_directly_is_checked(example_db):
    """A consultant's review: the consistency columns read "— —" for a level whose weights
    were set directly; without AHP the columns are left out, beside AHP they say why."""
    deck = pack.gather_pack(example_db, build(example_db, "example"), "2026-11-30")
    weights = next(s for s in deck.slides if s.key == "weights")
    [block] = [b for b in weights.blocks if hasattr(b, "table")]
    frame = block.table.frame
    uses_ahp = frame["cr"].notna().any()
    assert ("verdict" in block.keys) == uses_ahp
    shown = [row for row in block.table.texts()]
    assert not [row for row in shown if row[3] == "—" and row[4] == "—"]
    direct = frame[frame["cr"].isna() & (frame["method"] != "Equal weights")]
    assert len(direct), "the example sets some weights directly"
    assert (direct["verdict"] == "set directly: no pairwise judgments to check").all()


def test_the_culture_chart_promises_no_target_line_the_deck_does_not_draw(example_db):
    """A consultant's review: "Bars coloured by band; target 75" under a native chart with no
    target line."""
    import re

    deck = pack.gather_pack(example_db, build(example_db, "example"), "2026-11-30")
    culture = next(s for s in deck.slides if s.key == "culture")
    [chart] = [b for b in culture.blocks if hasattr(b, "series")]
    assert not re.search(r"target \d", chart.note)
    assert "75" in chart.note
