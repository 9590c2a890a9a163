"""Value for money on the pages: costs entered on Vendors, benefit against cost on Comparison."""
import pyarrow as pa

import workspace
from outcomes import gather, value
from tests.pages.helpers import errors, no_exceptions, open_page, texts


def _vendor(db, engagement, name):
    return next(v for v in workspace.list_vendors(db, engagement.id) if v.name == name)


def _cost_form(app, vendor_id, **given):
    for field, text in given.items():
        app.text_input(key=f"vendors.cost_{field}_{vendor_id}").input(text)
    button = next(b for b in app.button if b.label == "Save cost")
    button.click().run()


def test_a_cost_is_saved_as_given_and_bad_input_changes_nothing(app, example_db):
    [example] = workspace.list_engagements(example_db)
    staffbase = _vendor(example_db, example, "Staffbase")
    open_page(app, "pages/vendors.py")
    app.selectbox(key="vendors.cost_pick").set_value(staffbase.id).run()
    _cost_form(app, staffbase.id, licence="30", users="-5", implementation="1000",
               horizon="3")
    no_exceptions(app)
    assert any("number of users cannot be negative" in e for e in errors(app))
    assert workspace.costs.get_cost(example_db, staffbase.id) == workspace.costs.VendorCost()
    _cost_form(app, staffbase.id, licence="30", users="2000", implementation="25000",
               horizon="3")
    assert not errors(app)
    assert workspace.costs.get_cost(example_db, staffbase.id) == workspace.costs.VendorCost(
        30.0, 2000, 25000.0, 3)


def test_a_currency_that_is_not_an_iso_code_is_refused(app, example_db):
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/vendors.py")
    app.text_input(key="vendors.currency").input("€$").run()
    app.button(key="vendors.save_currency").click().run()
    assert any("three-letter ISO code" in e for e in errors(app))
    assert workspace.costs.get_currency(example_db, example.id) == "EUR"
    app.text_input(key="vendors.currency").input("chf").run()
    app.button(key="vendors.save_currency").click().run()
    assert workspace.costs.get_currency(example_db, example.id) == "CHF"


def test_comparison_shows_benefit_against_total_cost_with_the_app_numbers(app, example_db):
    [example] = workspace.list_engagements(example_db)
    found = value.value_for_money(gather.platforms(example_db, example.id))
    open_page(app, "pages/comparison.py")
    no_exceptions(app)
    page = texts(app)
    assert value.headline(found) in page
    assert "cost criteria are left out and the other weights renormalized" in page
    assert "Cost data missing (not filled in) for: Staffbase" in page
    shown = next(df for df in app.dataframe if "per_1000" in df.value.columns).value
    table = value.value_table(found).shown()
    assert shown["vendor"].tolist() == table["vendor"].tolist()
    assert shown["per_1000"].tolist() == table["per_1000"].tolist()
    assert shown["tco"].tolist() == table["tco"].tolist()
    charted = [pa.ipc.open_stream(d.data.data).read_all().to_pandas()
               for c in app.get("vega_lite_chart") for d in c.proto.datasets]
    points = next(frame for frame in charted if "tco" in frame.columns)
    frontier = set(points.loc[points["group"] == "frontier", "vendor"])
    assert frontier == {"Microsoft SharePoint", "Microsoft Viva Engage"} == set(found.frontier)
    assert "Staffbase" not in set(points["vendor"])


def test_comparison_says_there_is_no_cost_yet(app, example_db):
    [example] = workspace.list_engagements(example_db)
    with workspace.write(example_db):
        for vendor in workspace.list_vendors(example_db, example.id):
            example_db.execute("DELETE FROM vendor_costs WHERE vendor_id = ?", [vendor.id])
    open_page(app, "pages/comparison.py")
    no_exceptions(app)
    assert "No cost is recorded yet" in texts(app)
