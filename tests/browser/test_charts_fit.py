"""Charts as people see them in Chromium: inside the screen, on a phone too, every label shown."""
import pytest

from tests.browser.conftest import settle, shoot

# Each chart: its title, the drawing's width, its element's width, and its axis labels
# (text, shown).
CHARTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(el => {
    const svg = el.querySelector('svg.marks');
    const title = svg && svg.querySelector('.role-title-text text');
    return {title: title ? [...title.querySelectorAll('tspan')].map(s => s.textContent).join(' ')
                           || title.textContent : '',
            drawing: svg ? svg.getBoundingClientRect().right : Infinity,
            element: el.getBoundingClientRect().right,
            labels: svg ? [...svg.querySelectorAll('.role-axis-label text')].map(
                t => [[...t.querySelectorAll('tspan')].map(s => s.textContent).join(' ')
                      || t.textContent, getComputedStyle(t).opacity !== '0']) : []};
})"""


SCREENS = pytest.mark.parametrize("width, height, phone",
                                  [(1400, 1000, False), (390, 844, True)],
                                  ids=["desktop", "phone"])


def _charts_on(browser, url: str, width: int, height: int, phone: bool, count: int,
               name: str) -> list[dict]:
    """The charts of the page at ``url`` once ``count`` of them are drawn."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    settle(page)
    page.wait_for_function(f"() => document.querySelectorAll("
                           f"'[data-testid=\"stVegaLiteChart\"] svg.marks').length >= {count}")
    charts = page.evaluate(CHARTS)
    shoot(page, f"{name}-{'phone' if phone else 'desktop'}")
    context.close()
    return charts


@SCREENS
def test_readiness_charts_fit_the_screen_and_show_every_stage(server, browser, maturity_bank,
                                                               width, height, phone):
    charts = _charts_on(browser, f"{server}/report", width, height, phone, 2, "report-charts")

    assert len(charts) >= 2
    for chart in charts:
        assert chart["drawing"] <= chart["element"] + 1 <= width + 1, chart
    heatmap = next(c for c in charts if any("Hierarchy" in text for text, _ in c["labels"]))
    shown = [text for text, visible in heatmap["labels"] if visible]
    for stage in maturity_bank.stages:
        assert f"{stage.level}. {stage.name}" in shown


@SCREENS
def test_positioning_and_acceptability_fit_the_screen(server, browser, width, height, phone):
    charts = _charts_on(browser, f"{server}/comparison", width, height, phone, 4,
                        "comparison-charts")
    mine = [c for c in charts if c["title"] in ("Positioning", "Rank acceptability")]
    assert len(mine) == 2, [c["title"] for c in charts]
    for chart in mine:
        assert chart["drawing"] <= chart["element"] + 1 <= width + 1, chart
