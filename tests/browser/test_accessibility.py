"""WCAG 2.1 AA as axe-core checks it: every page of every role, at desktop and phone size.

axe-core comes from the ``axe-playwright-python`` wheel (its bundled ``axe.min.js``), injected
into each page after Streamlit has drawn it: nothing is fetched at test time. A page passes
when axe reports no serious or critical violation, except the few that Streamlit's own markup
causes and the app cannot change (README, Accessibility): each is excused by its exact rule id
and element, for the role whose page shows that element, never a rule as a whole.
"""
from __future__ import annotations

import io
import re
import time

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from PIL import Image
from playwright.sync_api import expect

import workspace
from tests.browser.conftest import (WORKSHOP_SECRET, join_workshop, serve, settle, sign_in,
                                    two_people_answer)
from tests.conftest import ROOT

DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

# Streamlit draws a menu with sections as <ul><div><header/><li/></div></ul>: list items
# outside a list. Only the facilitator's menu has sections (README, Accessibility).
NAV_SECTIONS = {"list": '[data-testid="stSidebarNavItems"]',
                "listitem": '[data-testid="stSidebarNavItems"] > div > li'}
STREAMLIT_OWNED = {"facilitator": NAV_SECTIONS, "participant": {}, "visitor": {}}

# Runs axe on the whole document; returns its serious and critical violations, less the
# elements excused for this role.
RUN_AXE = """async (excused) => {
  // Not while Streamlit's "Running... Stop" sign fades in (the presenter view refreshes on
  // its own): half-transparent, it would be measured at a contrast it never settles at.
  for (let i = 0; i < 100 && document.querySelector('[data-testid="stStatusWidget"]'); i++)
    await new Promise(resolve => setTimeout(resolve, 100));
  const results = await axe.run(document, {resultTypes: ['violations']});
  const element = target => { try { return document.querySelector(target); }
                              catch (e) { return null; } };
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes
      .filter(n => { const el = typeof n.target[0] === 'string' ? element(n.target[0]) : null;
                     return !(excused[v.id] && el && el.matches(excused[v.id])); })
      .map(n => ({html: n.html.slice(0, 160), why: (n.failureSummary || '').slice(0, 240)}))}))
    .filter(v => v.nodes.length);
}"""


def _menu_addresses(function: str) -> list[str]:
    """The addresses a menu function of app.py lists, read from its source (so that a page
    added to the menu is checked without touching this test); the menu's first page is at
    "/", as the menu links to it."""
    source = (ROOT / "app.py").read_text()
    start = source.index(f"def {function}")
    body = source[start:start + re.search(r"\n\S", source[start:]).start()]
    found = re.findall(
        r'\(\s*"pages/[^"]+",\s*"[^"]+",\s*"[^"]+",\s*"([^"]+)"(,\s*default=True)?', body)
    return list(dict.fromkeys("" if default else address for address, default in found))


def violations(page, role: str) -> list[dict]:
    """axe-core's serious and critical findings on ``page`` as drawn now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(RUN_AXE, STREAMLIT_OWNED[role])


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for address, problems in found.items():
        for problem in problems:
            lines.append(f"{address}: {problem['id']} ({problem['impact']}) {problem['help']}")
            lines += [f"    {node['html']}\n      {node['why']}" for node in problem["nodes"]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """One server for the whole module: a live workshop with every task, a shortlist and two
    people's answers, so that every participant page has something to show, and two
    snapshots, so that the report shows its trends."""
    folder = tmp_path_factory.mktemp("accessibility")
    db = workspace.open_workspace(folder / "workspace.db")
    session = workspace.open_session(db, 1, ["culture", "maturity", "weights", "scores"],
                                     weights_level="categories", weights_method="ahp")
    vendors = workspace.list_vendors(db, 1)
    workspace.update_session(db, session.id, shortlist=[v.id for v in vendors[:3]])
    two_people_answer(db, session)
    workspace.update_session(db, session.id, reveal=True)
    # A second snapshot: the report then draws its two trend charts.
    workspace.save_snapshot(db, 1, workspace.list_snapshots(db, 1)[0].payload, "Follow-up")
    server = serve(folder, SOCIALREADY_FACILITATOR_SECRET=WORKSHOP_SECRET)
    base = next(server)
    yield base, session, db
    next(server, None)


def _drawn(page) -> None:
    """Wait for the script run, for the page to stop growing, and for every chart in sight
    (not in a folded expander or another tab) to be drawn."""
    settle(page)
    # Done when, three times 0.4 s apart, nothing runs, nothing is stale and the page holds
    # as many blocks as before.
    state = """() => document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')
                     ? -1 : document.querySelectorAll('[data-testid="stElementContainer"]').length"""
    seen = []
    while len(seen) < 3 or len(set(seen[-3:])) > 1 or seen[-1] < 0:
        seen.append(page.evaluate(state))
        time.sleep(0.4)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(chart => chart.getClientRects().length)"
        ".every(chart => chart.querySelector('svg.marks, canvas'))", timeout=30_000)
    time.sleep(0.3)


def _open(page, base: str, address: str, by_menu: bool) -> None:
    """Go to ``address`` as a person does: by the menu's link (on a phone the menu is folded
    away, so the link is clicked from script), or else by the address bar."""
    if by_menu:
        page.locator(f'[data-testid="stSidebarNavLink"][href="{base}/{address}"]').first \
            .evaluate("a => a.click()")
    else:
        page.goto(f"{base}/{address}")
    _drawn(page)


def _addresses(role: str) -> list[tuple[str, bool]]:
    """(address, whether the person's menu links to it) of every page ``role`` can see."""
    own = [(address, True) for address in _menu_addresses(f"{role}_menu")]
    # A visitor also meets the app's "not for you" page at a facilitator's address.
    return [*own, ("report", False)] if role == "visitor" else own


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["facilitator", "participant", "visitor"])
def test_no_serious_or_critical_violation_on_any_page(room, browser, role, size):
    base, session, db = room
    page = browser.new_context(**SIZES[size]).new_page()
    page.set_default_timeout(30_000)
    if role == "facilitator":
        sign_in(page, base)
    elif role == "participant":
        join_workshop(page, base, session.code, f"Dana ({size})")
    else:
        page.goto(base)
    addresses = _addresses(role)
    assert len(addresses) >= {"facilitator": 14, "participant": 6, "visitor": 3}[role]
    found = {}
    for address, by_menu in addresses:
        _open(page, base, address, by_menu)
        expect(page.get_by_text("Page not found"), f"/{address}").to_have_count(0)
        problems = violations(page, role)
        if problems:
            found[address] = problems
    page.context.close()
    assert not found, f"{role} at {size} size:\n{_report(found)}"


# What has the keyboard's focus: its kind, its accessible name, and (for a radio option) the
# text of its whole group.
FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.closest('label');
  const group = el.closest('[data-testid="stRadio"]');
  const kind = el.type === 'radio' ? 'radio' : el.tagName === 'A' ? 'link'
             : el.tagName === 'BUTTON' ? 'button' : el.tagName === 'INPUT' ? 'textbox'
             : el.tagName.toLowerCase();
  const name = el.getAttribute('aria-label') || (label && label.innerText) || el.innerText || '';
  return {kind, name: name.replace(/\\s+/g, ' ').trim(), group: group ? group.innerText : ''};
}"""

# The box around the focused element (a radio option: its whole label, where the ring is).
FOCUS_BOX = """() => {
  window.__focused = document.activeElement;
  const el = window.__focused.type === 'radio' ? window.__focused.closest('label')
                                                : window.__focused;
  const box = el.getBoundingClientRect();
  const x = Math.max(0, box.x - 6), y = Math.max(0, box.y - 6);
  return {x, y, width: Math.min(window.innerWidth - x, box.width + 12),
          height: Math.min(window.innerHeight - y, box.height + 12)};
}"""


def _contrast(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    def luminance(rgb):
        linear = [c / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 * 255
                  for c in rgb]
        return (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]) / 255
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _focus_is_visible(page) -> bool:
    """Whether the focus shows: between screenshots of the focused element's box with the
    focus and after it is taken away, at least as many pixels as the box's perimeter change
    by a contrast of 3:1 or more (a one-pixel ring, as WCAG 2.2's focus appearance measures
    it). The focus is then given back with the keyboard (Shift+Tab, Tab)."""
    box = page.evaluate(FOCUS_BOX)
    time.sleep(0.2)       # let focus styles finish their transition
    focused = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    page.evaluate("() => window.__focused.blur()")
    time.sleep(0.2)
    unfocused = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement === window.__focused"), \
        "Shift+Tab, Tab does not return to the same element"
    pixels = [list(zip(*[iter(picture.tobytes())] * 3)) for picture in (focused, unfocused)]
    changed = sum(1 for one, other in zip(*pixels) if one != other and _contrast(one, other) >= 3)
    return changed >= 2 * (box["width"] - 12 + box["height"] - 12)


def tab_to(page, name: str, kind: str, group: str = "", limit: int = 80) -> None:
    """Press Tab until the element ``kind`` named ``name`` (a regular expression) has the
    focus, and check that the focus is visible there.

    Raises:
        AssertionError: Tab never reaches it, or the focus on it cannot be seen.
    """
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(f"{focused['kind']} {focused['name'][:40]}")
        if (focused["kind"] == kind and re.search(name, focused["name"])
                and group in focused["group"]):
            assert _focus_is_visible(page), f"the focus on {kind} {name!r} cannot be seen"
            return
    raise AssertionError(f"Tab never reaches {kind} {name!r}; it visits: {seen}")


def activate(page, name: str, kind: str, key: str = "Enter", group: str = "") -> None:
    """Tab to it (see :func:`tab_to`), press ``key`` and wait for the app's run."""
    tab_to(page, name, kind, group)
    page.keyboard.press(key)
    settle(page)


def test_a_participant_does_every_task_with_the_keyboard_alone(room, browser, culture_bank):
    base, session, db = room
    page = browser.new_context(**DESKTOP).new_page()
    page.set_default_timeout(30_000)
    # The join link (as in the QR code) fills the code in; the rest is typed.
    page.goto(f"{base}/?code={session.code}")
    settle(page)
    tab_to(page, r"^Your name", "textbox")
    page.keyboard.type("Kim")
    activate(page, r"Join$", "button")
    expect(page.get_by_text("You take part as Kim")).to_be_visible()

    # A questionnaire item: Tab into its options, Space picks the focused one.
    activate(page, r"Culture questionnaire", "link")
    statement = culture_bank.dimensions[0].items[0].text
    activate(page, r".", "radio", key="Space", group=statement)
    expect(page.get_by_text("1 of 30 answered")).to_be_visible()

    # A score card: Tab to the score, Enter gives it.
    activate(page, r"Vendor scor", "link")
    expect(page.get_by_text("0 of 114 scored")).to_be_visible()
    activate(page, r"^4 · Strong", "button")
    expect(page.get_by_text("1 of 114 scored")).to_be_visible()

    # An AHP pair: Tab to the judgement, Enter gives it.
    activate(page, r"Your weights", "link")
    expect(page.get_by_text("Pair 1 of 16")).to_be_visible()
    first = workspace.list_categories(db, 1)[0].name
    activate(page, rf"^{re.escape(first)} · strongly more important", "button")
    expect(page.get_by_text("1 of 16 pairs answered")).to_be_visible()
