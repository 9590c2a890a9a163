"""Value for money reads the same everywhere: the page, the HTML report, the workbook (also
after LibreOffice recomputes its formulas), the CSV, the PowerPoint deck and the PDF.

The engagement is small enough to compute by hand. Criteria: single sign-on (a must-have,
minimum 3) and audit trail in Security, licence cost (a cost criterion) in Cost; nobody set
weights, so each level is equal: 0.25, 0.25 and 0.5. Benefit leaves the licence out and
renormalizes: (0.25 x sso + 0.25 x audit) / 0.5, the mean of the two.

| vendor  | sso | audit | benefit | licence x users x years + implementation | TCO  | per 1,000 |
|---------|-----|-------|---------|------------------------------------------|------|-----------|
| Alpha   | 4   | 4     | 4.00    | 10 x 100 x 2 + 1,000                      | 3000 | 1.333     |
| Beta    | 5   | 3     | 4.00    | 20 x 100 x 2 + 0                          | 4000 | 1.000     |
| Gamma   | 2   | 5     | 3.50    | 1 x 100 x 1 + 0 (knocked out: sso < 3)    | 100  | 35.000    |
| Delta   | 3   | 2     | 2.50    | 5 x 100 x 2 + 500                         | 1500 | 1.667     |
| Epsilon | 4   | 5     | 4.50    | no cost given                             | —    | —         |

Frontier: Delta (cheapest that passes) and Alpha (more benefit for more money); Beta gives
Alpha's benefit for more (dominated by Alpha); Gamma is cheapest of all but knocked out, so
never on the frontier; Epsilon has no cost and is said to miss it.
"""
from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest

import workspace
from outcomes import exports, gather, pack, report, value
from reports.excel import FIRST_ROW, HEADER_ROW, engagement_workbook
from tests.outcomes.test_one_truth import (CRITERIA, _Tables, _requirements, _scores, csv_rows,
                                           office, pdf_pages, pptx_slides, recompute)
from tests.pages.helpers import open_page

TODAY = date.today().isoformat()
SCORES = {"Alpha": {"sso": 4, "audit": 4, "licence": 2},
          "Beta": {"sso": 5, "audit": 3, "licence": 4},
          "Gamma": {"sso": 2, "audit": 5, "licence": 0},
          "Delta": {"sso": 3, "audit": 2, "licence": 1},
          "Epsilon": {"sso": 4, "audit": 5, "licence": 3}}
COSTS = {"Alpha": (10, 100, 1000, 2), "Beta": (20, 100, 0, 2), "Gamma": (1, 100, 0, 1),
         "Delta": (5, 100, 500, 2)}
BY_HAND = {  # vendor: benefit, TCO, per 1,000, value for money (as every place shows them)
    "Alpha": ("4.00", "3000", "1.333", "on the frontier"),
    "Beta": ("4.00", "4000", "1.000", "dominated by Alpha"),
    "Gamma": ("3.50", "100", "35.000", "knocked out"),
    "Delta": ("2.50", "1500", "1.667", "on the frontier"),
    "Epsilon": ("4.50", "—", "—", "no cost data")}
OFFICE = office  # the LibreOffice fixture


@pytest.fixture
def priced(example_db) -> int:
    engagement = workspace.create_engagement(example_db, "Priced")
    _requirements(example_db, engagement.id, CRITERIA)
    _scores(example_db, engagement.id, "CIO", SCORES)
    ids = {v.name: v.id for v in workspace.list_vendors(example_db, engagement.id)}
    for name, cost in COSTS.items():
        workspace.costs.save_cost(example_db, engagement.id, ids[name],
                                  workspace.costs.VendorCost(*cost))
    return engagement.id


def _by_vendor(header: list[str], rows: list[list[str]]) -> dict[str, tuple]:
    columns = [header.index(c) for c in ("Benefit (0-5)", "Total cost (EUR)",
                                          "Benefit per 1,000 EUR", "Value for money")]
    return {row[0]: tuple(row[i] for i in columns) for row in rows}


def test_the_frontier_matches_the_hand_computed_example(example_db, priced):
    found = value.value_for_money(gather.platforms(example_db, priced))
    assert found.frontier == ["Delta", "Alpha"]
    table = value.value_table(found)
    assert _by_vendor(table.labels, table.texts()) == BY_HAND
    assert found.missing_costs == ["Epsilon"]
    assert value.headline(found) == ("2 vendors on the efficient frontier: Delta, Alpha; "
                                     "Delta gives the most benefit per 1,000 EUR (1.667).")


def test_page_html_csv_deck_and_pdf_show_the_same_value_for_money(app, example_db, priced):
    app.query_params["e"] = str(priced)
    open_page(app, "pages/comparison.py")
    shown = next(df.value for df in app.dataframe if "per_1000" in df.value.columns)
    table = value.value_table(value.value_for_money(gather.platforms(example_db, priced)))
    page_rows = [[table.columns[i].kind.text(v) for i, v in enumerate(row)]
                 for row in shown[[c.key for c in table.columns]].itertuples(index=False)]
    assert _by_vendor(table.labels, page_rows) == BY_HAND

    rows = csv_rows(exports.value_csv(gather.platforms(example_db, priced)))
    assert {r["Vendor"]: (r["Benefit (0-5)"], r["Total cost (EUR)"] or "—",
                          r["Benefit per 1,000 EUR"] or "—", r["Value for money"])
            for r in rows} == BY_HAND

    engagement = workspace.get_engagement(example_db, priced)
    document = report.report_html(pack.details(engagement), gather.readiness(example_db, priced),
                                  gather.platforms(example_db, priced), TODAY).decode()
    parsed = _Tables()
    parsed.feed(document)
    [(_, grid)] = [t for t in parsed.tables if t[0] == "Value for money"]
    assert _by_vendor(grid[0], grid[1:]) == BY_HAND
    assert "cost criteria (Licence cost) are left out and the other weights renormalized" \
        in document

    deck = pack.gather_pack(example_db, priced, TODAY)
    from reports.pdf_pack import deck_pdf
    from reports.pptx_pack import deck_pptx

    [slide] = [s for s in pptx_slides(deck_pptx(deck)) if s.title == "Value for money"]
    [grid] = slide.tables
    assert {row[0]: tuple(row[1:]) for row in grid[1:]} == BY_HAND
    [chart] = slide.charts
    assert chart["series"].keys() >= {"On the frontier", "Dominated", "Knocked out"}
    text = next(p for p in pdf_pages(deck_pdf(deck)) if p.startswith("PLATFORM DECISION Value "
                                                                       "for money"))
    for vendor, (benefit, tco, per, _) in BY_HAND.items():
        assert f"{vendor} {benefit} {tco} {per}" in text, vendor


@pytest.mark.libreoffice
def test_the_workbook_computes_total_cost_live_as_the_app_does(example_db, priced, OFFICE,
                                                               tmp_path):
    engagement = workspace.get_engagement(example_db, priced)
    data = engagement_workbook(exports.workbook_input(example_db, engagement, today=TODAY))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Value for money"]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:4] == ["Vendor", "Benefit (0-5)", "Licence per user per year (EUR)", "Users"]
    assert all(str(sheet[f"G{r}"].value).startswith("=IF(COUNT(C") for r in range(FIRST_ROW,
                                                                                   FIRST_ROW + 5))
    # A client changes Alpha's users to 200 in the workbook: its total follows.
    alpha = next(r for r in range(FIRST_ROW, FIRST_ROW + 5) if sheet[f"A{r}"].value == "Alpha")
    sheet[f"D{alpha}"] = 200
    edited = io.BytesIO()
    book.save(edited)
    recomputed = recompute(OFFICE, data, tmp_path / "as-exported")["Value for money"]
    again = recompute(OFFICE, edited.getvalue(), tmp_path / "edited")["Value for money"]

    def shown(ws) -> dict[str, tuple]:
        out = {}
        for row in ws.iter_rows(min_row=FIRST_ROW, max_col=9):
            if row[0].value:
                tco, per = row[6].value, row[7].value
                out[row[0].value] = (f"{row[1].value:.2f}",
                                     "—" if tco in (None, "") else f"{tco:.0f}",
                                     "—" if per in (None, "") else f"{per:.3f}", row[8].value)
        return out

    assert shown(recomputed) == BY_HAND
    assert shown(again)["Alpha"][1:3] == ("5000", "0.800")      # 10 x 200 x 2 + 1,000
    assert re.match(r"#,##0|0", recomputed[f"G{FIRST_ROW}"].number_format)


def _case(db, criteria, scores, costs) -> value.ValueForMoney:
    engagement = workspace.create_engagement(db, f"Case {len(workspace.list_engagements(db))}")
    _requirements(db, engagement.id, criteria)
    _scores(db, engagement.id, "CIO", scores)
    ids = {v.name: v.id for v in workspace.list_vendors(db, engagement.id)}
    for name, cost in costs.items():
        workspace.costs.save_cost(db, engagement.id, ids[name],
                                  workspace.costs.VendorCost(*cost))
    return value.value_for_money(gather.platforms(db, engagement.id))


def test_when_every_costed_vendor_is_knocked_out_none_is_on_the_frontier(example_db):
    found = _case(example_db, CRITERIA, {"A": {"sso": 1, "audit": 4, "licence": 2},
                                         "B": {"sso": 2, "audit": 3, "licence": 2}},
                  {"A": (1, 10, 0, 1), "B": (2, 10, 0, 1)})
    assert found.frontier == [] and list(found.frame["status"]) == ["knocked out"] * 2
    assert value.headline(found).startswith("Every vendor with a total cost is knocked out")


def test_without_a_benefit_criterion_the_reason_is_said_not_a_cost_problem(example_db):
    found = _case(example_db, [("licence", "cost", "Licence cost", "cost", False, 0.0)],
                  {"A": {"licence": 2}, "B": {"licence": 3}},
                  {"A": (1, 10, 0, 1), "B": (2, 10, 0, 1)})
    assert value.headline(found).startswith("No benefit criterion carries weight")
    assert found.plotted.empty


def test_a_partial_cost_is_said_missing_and_never_filled(example_db):
    found = _case(example_db, CRITERIA, {"A": {"sso": 4, "audit": 4, "licence": 2},
                                         "B": {"sso": 5, "audit": 3, "licence": 2}},
                  {"A": (5, None, 0, 1)})
    assert list(found.frame["status"]) == ["cost missing: users", "no cost data"]
    assert found.frame["tco"].isna().all() and found.missing_costs == ["A", "B"]
