"""Charts as people see them in Chromium: inside the screen, on a phone too, every label shown."""
import pytest

from tests.browser.conftest import settle, shoot

# Each chart: the drawing's width, its element's width, and its axis labels (text, shown).
CHARTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(el => {
    const svg = el.querySelector('svg.marks');
    return {drawing: svg ? svg.getBoundingClientRect().right : Infinity,
            element: el.getBoundingClientRect().right,
            labels: svg ? [...svg.querySelectorAll('.role-axis-label text')].map(
                t => [[...t.querySelectorAll('tspan')].map(s => s.textContent).join(' ')
                      || t.textContent, getComputedStyle(t).opacity !== '0']) : []};
})"""


@pytest.mark.parametrize("width, height, phone", [(1400, 1000, False), (390, 844, True)],
                         ids=["desktop", "phone"])
def test_readiness_charts_fit_the_screen_and_show_every_stage(server, browser, maturity_bank,
                                                               width, height, phone):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/report")
    settle(page)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks')
    charts = page.evaluate(CHARTS)
    shoot(page, f"report-charts-{'phone' if phone else 'desktop'}")
    context.close()

    assert len(charts) >= 2
    for chart in charts:
        assert chart["drawing"] <= chart["element"] + 1 <= width + 1, chart
    heatmap = next(c for c in charts if any("Hierarchy" in text for text, _ in c["labels"]))
    shown = [text for text, visible in heatmap["labels"] if visible]
    for stage in maturity_bank.stages:
        assert f"{stage.level}. {stage.name}" in shown
