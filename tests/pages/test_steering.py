"""Readiness steers the choice on the pages: the suggestion beside the weights, applied only
when accepted; the verdict and the choice together on the comparison page."""
import workspace
from tests.pages.helpers import no_exceptions, open_page, plain, texts
from workspace.audit import audit_trail


def test_the_weights_page_shows_the_suggestion_and_changes_nothing_until_accepted(
        app, example_db):
    [engagement] = workspace.list_engagements(example_db)
    before = workspace.get_weights(example_db, engagement.id)
    open_page(app, "pages/weights.py")
    shown = texts(app)
    assert "Readiness suggests" in shown
    frames = [d.value for d in app.dataframe]
    rules = next(f for f in frames if "reason" in f.columns)
    assert "Clear parameters are a barrier" in list(rules["title"])
    weights = next(f for f in frames if "suggested" in f.columns and "category" in f.columns)
    governance = weights.set_index("category").loc["Governance support"]
    assert governance["suggested"] > governance["now"]
    assert workspace.get_weights(example_db, engagement.id) == before
    app.button(key="steering.accept").click().run()
    no_exceptions(app)
    assert "readiness suggestion was applied" in texts(app)
    after = workspace.get_weights(example_db, engagement.id)[workspace.CATEGORIES_LEVEL]
    assert after.weights["governance"] > before[workspace.CATEGORIES_LEVEL].weights[
        "governance"]
    trail = audit_trail(example_db, engagement.id)
    assert trail["note"].str.startswith("Accepted the readiness suggestion").any()
    assert "already follow these findings" in texts(app)
    assert "✎ unsaved changes" not in str([r.options for r in app.radio])


def test_the_comparison_page_says_the_verdict_and_the_choice_together(app, example_db):
    open_page(app, "pages/comparison.py")
    header = plain(app.info[0].value)
    assert "Not ready yet" in header and "leads the platform choice" in header
    assert "suggest other weights or must-haves" in header
