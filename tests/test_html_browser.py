"""The interactive HTML pages in headless Chromium (Debian's chromium and chromium-driver): what
the chart draws at the start, expanding, searching, the details panel, the keyboard, levels and
deep links, the diff page's filters and lineage, hostile names, and that a page makes no
request. One browser serves the whole module.

Set ORGMODEL_SCREENSHOTS=docs/html to save the screenshots the README shows."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run_cli, write

sys.path.insert(0, str(REPO / "bench"))
import headless
import orggen

from orgmodel.diff import diff_structures
from orgmodel.html.chart import depths
from orgmodel.html.page import page_data
from orgmodel.pipeline import load_org

WHY_NOT = headless.missing()
if WHY_NOT is not None and os.environ.get("ORGMODEL_REQUIRE_BROWSER"):
    raise RuntimeError(f"the browser tests must run here, but {WHY_NOT}")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}"),
]

BEFORE = REPO / "orgs" / "qianwen-2025.yaml"
AFTER = REPO / "orgs" / "qianwen-2026.yaml"
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
# A name beyond ASCII and beyond the BMP, which the page's data carries as UTF-8.
WIDE = "Zoë 周浩 \u05e9\u05dc\u05d5\u05dd \U0001f642"
SCREENSHOTS = os.environ.get("ORGMODEL_SCREENSHOTS")
# Records every breach of the page's Content-Security-Policy, from before the page's scripts run.
VIOLATIONS = """window.violations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.violations.push(e.effectiveDirective + ' ' + e.blockedURI));"""

# Ids of the cards a reader can see (a filtered card has no box).
VISIBLE = """return [...document.querySelectorAll('#chart .card')]
    .filter(c => c.getClientRects().length > 0).map(c => c.dataset.id)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver, profile = headless.start_browser()
    try:
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    big = folder / "org10k.json"
    big.write_text(json.dumps(orggen.generate(10_000)), encoding="utf-8")
    hostile = write(
        folder / "hostile.yaml",
        "name: Hostile\npeople:\n"
        "  - {id: boss, name: Boss, title: '<b>bold</b>'}\n"
        f"  - {{id: bad, name: {json.dumps(HOSTILE)}, title: Engineer, manager: boss,"
        " url: 'https://example.org/?q=\"<x>'}\n",
    )
    renamed = write(
        folder / "hostile-after.yaml",
        hostile.read_text(encoding="utf-8").replace(
            "title: Engineer", f"title: {json.dumps(HOSTILE)}"
        ),
    )
    empty = write(folder / "empty.yaml", "name: Nobody yet\n")
    wide = write(
        folder / "wide.json",
        json.dumps({"name": "Wide", "people": [{"id": "boss", "name": WIDE, "title": "Chef"}]}),
    )
    # A reorg of 2,000 people: a team's last member moves to the last team.
    org = orggen.generate(2_000)
    (folder / "org2k.json").write_text(json.dumps(org), encoding="utf-8")
    teams = [u for d in org["units"][0]["units"] for e in d["units"] for u in e["units"]]
    teams[-1]["members"].append(teams[0]["members"].pop())
    (folder / "org2k-after.json").write_text(json.dumps(org), encoding="utf-8")
    made = {
        "big-diff": [
            "diff",
            str(folder / "org2k.json"),
            str(folder / "org2k-after.json"),
            "--level",
            "people",
            "-o",
            str(folder / "big-diff.html"),
        ],
        "empty": ["render", str(empty), "-o", str(folder / "empty.html")],
        "wide": ["render", str(wide), "-o", str(folder / "wide.html")],
        "hostile-diff": [
            "diff",
            str(hostile),
            str(renamed),
            "-o",
            str(folder / "hostile-diff.html"),
        ],
        "chart": ["render", str(AFTER), "-o", str(folder / "chart.html")],
        "diff": ["diff", str(BEFORE), str(AFTER), "-o", str(folder / "diff.html")],
        "big": ["render", str(big), "-o", str(folder / "big.html")],
        "hostile": ["render", str(hostile), "-o", str(folder / "hostile.html")],
    }
    for args in made.values():
        run = run_cli(*args)
        assert run.exit_code == 0, run.stderr
    return {name: folder / f"{name}.html" for name in made}


def _open(driver: Any, page: Path, fragment: str = "") -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get_log("performance")  # start the request log afresh
    driver.get(page.as_uri() + fragment)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.orgmodelViewer && orgmodelViewer.firstCard)")
    )


def _wait_for(driver: Any, script: str, expected: Any, timeout: float = 10) -> Any:
    """What `script` returns once it returns `expected` (sets compared as sets), or fail."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    def norm(value: Any) -> Any:
        return set(value) if isinstance(expected, set) else value

    with contextlib.suppress(TimeoutException):  # the assertion below shows what was found
        WebDriverWait(driver, timeout).until(lambda d: norm(d.execute_script(script)) == expected)
    found = norm(driver.execute_script(script))
    assert found == expected
    return found


def _requests(driver: Any, page: Path) -> list[str]:
    """Every URL the browser asked for since `_open`, but the page itself and inline data."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if u != page.as_uri() and not u.startswith(("data:", "blob:"))]


def _page_data(page: Path) -> dict[str, Any]:
    return page_data(page.read_text(encoding="utf-8"))


def _screenshot(driver: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(SCREENSHOTS) / name))


def _no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # noqa: B018
    except NoAlertPresentException:
        return True
    return False


# -- the chart ----------------------------------------------------------------------------------


def test_the_chart_opens_on_its_first_levels_and_expands(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    s = load_org(str(AFTER)).structure
    shown = _page_data(pages["chart"])["options"]["depth"]["people"]
    _open(browser, pages["chart"])
    # One top person: the cards of the first levels of the reporting tree.
    first = {p for p in s.people if s.level[p] <= shown + 1}
    _wait_for(browser, VISIBLE, first)
    _screenshot(browser, "qianwen-chart.png")
    closed = next(p for p in first if s.level[p] == shown + 1 and s.reports.get(p))
    browser.execute_script(
        """const card = document.querySelector(`.card[data-id="${arguments[0]}"]`);
        card.closest('g.node').querySelector('.node-button-g')
            .dispatchEvent(new MouseEvent('click', {bubbles: true}));""",
        closed,
    )
    _wait_for(browser, VISIBLE, first | set(s.reports[closed]))
    # "Expand all below" in a manager's details shows everyone under them.
    top = next(p for p in s.people if s.manager[p] is None)
    browser.execute_script("orgmodelViewer.openPanel(arguments[0])", top)
    browser.find_element(By.ID, "panel-expand").click()
    _wait_for(browser, VISIBLE, set(s.people))
    assert _requests(browser, pages["chart"]) == []


def test_search_expands_to_a_person_centres_them_and_highlights_their_chain(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    s = load_org(str(AFTER)).structure
    target = "posttraining-researcher-3"
    _open(browser, pages["chart"])
    assert target not in browser.execute_script(VISIBLE)
    box = browser.find_element(By.ID, "search")
    box.send_keys(s.people[target].name or "")
    _wait_for(browser, "return document.querySelector('#results li[data-id]')?.dataset.id", target)
    box.send_keys(Keys.ENTER)
    _wait_for(
        browser,
        "return [...document.querySelectorAll('.card.found')].map(c => c.dataset.id)",
        [target],
    )
    chain = set(s.chain(target))
    _wait_for(
        browser,
        "return [...document.querySelectorAll('.card.chain')].map(c => c.dataset.id)",
        chain,
    )
    assert target in browser.execute_script(VISIBLE)
    # Centred: once the move ends, the card's middle is near the chart's.
    _wait_for(
        browser,
        """const c = document.querySelector('.card.found').getBoundingClientRect();
        const v = document.getElementById('chart').getBoundingClientRect();
        return Math.abs((c.left + c.right) / 2 - (v.left + v.right) / 2) < 40 &&
               Math.abs((c.top + c.bottom) / 2 - (v.top + v.bottom) / 2) < 40;""",
        True,
    )
    _screenshot(browser, "qianwen-search.png")
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed()
    text = panel.text
    person = s.people[target]
    home = s.home[target]
    manager = s.manager[target]
    assert home is not None and manager is not None
    for shown in (person.name, person.title, target, s.units[home].name, s.people[manager].label):
        assert shown is not None and shown in text
    assert browser.execute_script("return location.hash") == f"#p={target}"
    assert _requests(browser, pages["chart"]) == []


def test_the_keyboard_reaches_search_cards_and_the_panel(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    s = load_org(str(AFTER)).structure
    _open(browser, pages["chart"])
    ActionChains(browser).send_keys("/").perform()
    assert browser.execute_script("return document.activeElement.id") == "search"
    ActionChains(browser).send_keys("Zhou Hao", Keys.ARROW_DOWN, Keys.ENTER).perform()
    _wait_for(browser, "return document.getElementById('panel-title').textContent", "Zhou Hao")
    assert browser.execute_script("return document.activeElement.id") == "panel-title"
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    _wait_for(browser, "return document.getElementById('panel').hidden", True)
    top = next(p for p in s.people if s.manager[p] is None)
    browser.execute_script(f"document.querySelector('.card[data-id=\"{top}\"]').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    _wait_for(
        browser, "return document.getElementById('panel-title').textContent", s.people[top].label
    )


def test_a_click_opens_the_details_and_a_deep_link_opens_a_person(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    s = load_org(str(AFTER)).structure
    _open(browser, pages["chart"])
    top = next(p for p in s.people if s.manager[p] is None)
    browser.find_element(By.CSS_SELECTOR, f'.card[data-id="{top}"]').click()
    panel = browser.find_element(By.ID, "panel")
    _wait_for(browser, "return document.getElementById('panel').hidden", False)
    assert s.people[top].title in panel.text
    _open(browser, pages["chart"], "#p=multimodal-researcher-4")
    _wait_for(
        browser,
        "return document.getElementById('panel-title').textContent",
        "Multimodal researcher 4",
    )
    assert "multimodal-researcher-4" in browser.execute_script(VISIBLE)


def test_the_units_level_and_the_export(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    data = _page_data(pages["chart"])
    _open(browser, pages["chart"])
    browser.find_element(By.ID, "level-units").click()
    depth = depths(data["levels"]["units"])
    shown = data["options"]["depth"]["units"]
    _wait_for(browser, VISIBLE, {u for u, d in depth.items() if d <= shown})
    png = browser.execute_async_script("orgmodelViewer.exportPng(arguments[0])")
    assert png.startswith("data:image/png;base64,")
    assert base64.b64decode(png.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert _requests(browser, pages["chart"]) == []


def test_switching_levels_quickly_keeps_each_levels_cards(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    data = _page_data(pages["diff"])
    _open(browser, pages["diff"])
    for _ in range(3):  # without waiting for the moves to end
        browser.find_element(By.ID, "level-people").click()
        browser.find_element(By.ID, "level-units").click()
    _wait_for(browser, VISIBLE, {r["id"] for r in data["levels"]["units"]})
    browser.find_element(By.ID, "level-people").click()
    _wait_for(browser, VISIBLE, {r["id"] for r in data["levels"]["people"]})


def test_an_org_with_no_one_opens_and_says_so(browser: Any, pages: dict[str, Path]) -> None:
    _open(browser, pages["empty"])
    assert "No one" in browser.execute_script("return document.getElementById('chart').textContent")
    assert browser.execute_script("return document.getElementById('level-people').disabled")


def test_the_export_buttons_save_the_view_as_svg_and_png(
    browser: Any, pages: dict[str, Path], tmp_path: Path
) -> None:
    import time

    from selenium.webdriver.common.by import By

    s = load_org(str(AFTER)).structure
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    _open(browser, pages["chart"])
    for button, suffix in (("export-svg", ".svg"), ("export-png", ".png")):
        browser.find_element(By.ID, button).click()
        deadline = time.monotonic() + 15
        while not list(tmp_path.glob(f"*{suffix}")) and time.monotonic() < deadline:
            time.sleep(0.1)
        [saved] = tmp_path.glob(f"*{suffix}")
        if suffix == ".svg":
            svg = saved.read_text(encoding="utf-8")
            top = next(p for p in s.people if s.manager[p] is None)
            assert "<svg" in svg and s.people[top].label in svg
            assert 'style class="cards"' in svg  # the cards' rules travel with it
        else:
            assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _requests(browser, pages["chart"]) == []


def test_a_generated_10k_org_opens_small_and_finds_anyone(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    data = _page_data(pages["big"])
    people = data["levels"]["people"]
    depth = depths(people)
    shown = data["options"]["depth"]["people"]
    _open(browser, pages["big"])
    _wait_for(browser, VISIBLE, {p for p, d in depth.items() if d <= shown}, timeout=20)
    target = max(depth, key=lambda p: (depth[p], p))  # a deepest person, far from the start
    record = next(r for r in people if r["id"] == target)
    box = browser.find_element(By.ID, "search")
    box.send_keys(record["lines"][0], Keys.ENTER)
    _wait_for(
        browser,
        "return [...document.querySelectorAll('.card.found')].map(c => c.dataset.id)",
        [target],
    )
    parent = {r["id"]: r.get("parent") for r in people}
    chain = {target}
    while parent[min(chain, key=lambda p: depth[p])] is not None:
        chain.add(parent[min(chain, key=lambda p: depth[p])])
    _wait_for(
        browser,
        "return [...document.querySelectorAll('.card.chain')].map(c => c.dataset.id)",
        chain,
    )
    assert _requests(browser, pages["big"]) == []


# -- the diff page --------------------------------------------------------------------------------


def test_the_diff_filters_hide_and_show_the_right_cards(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    data = _page_data(pages["diff"])
    _open(browser, pages["diff"])
    _wait_for(browser, VISIBLE, {r["id"] for r in data["levels"]["units"]})
    _screenshot(browser, "qianwen-diff.png")

    def kind_of(level: str) -> dict[str, str]:
        return {r["id"]: r.get("change", "") for r in data["levels"][level]}

    for level, kind in (
        ("units", "removed"),
        ("units", "added"),
        ("people", "left"),
        ("people", "moved"),
    ):
        browser.find_element(By.ID, f"level-{level}").click()
        change = kind_of(level)
        everyone = set(change)
        _wait_for(browser, VISIBLE, everyone)
        box = browser.find_element(By.CSS_SELECTOR, f'#filters input[value="{kind}"]')
        box.click()
        _wait_for(browser, VISIBLE, {i for i in everyone if change[i] != kind})
        box.click()
        _wait_for(browser, VISIBLE, everyone)
        if level == "people" and kind == "moved":
            browser.execute_script("orgmodelViewer.fit()")
            _screenshot(browser, "qianwen-diff-people.png")
    assert _requests(browser, pages["diff"]) == []


def test_a_large_diff_opens_on_its_changes(browser: Any, pages: dict[str, Path]) -> None:
    people = _page_data(pages["big-diff"])["levels"]["people"]
    [moved] = [r["id"] for r in people if r.get("change") == "moved"]
    _open(browser, pages["big-diff"])
    visible = set(browser.execute_script(VISIBLE))
    assert moved in visible and len(visible) < len(people) / 2


def test_a_lineage_entry_focuses_its_units(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    before, after = load_org(str(BEFORE)).structure, load_org(str(AFTER)).structure
    [split] = diff_structures(before, after).lineage
    _open(browser, pages["diff"])
    browser.find_element(By.ID, "level-people").click()
    browser.find_element(By.CSS_SELECTOR, "#lineage button").click()
    assert browser.execute_script("return orgmodelViewer.level()") == "units"
    focused = "return [...document.querySelectorAll('.card.focused-unit')].map(c => c.dataset.id)"
    _wait_for(browser, focused, {*split.from_, *split.to})
    summary = browser.find_element(By.ID, "summary").text
    assert summary.startswith("Reorg: ") and "split" in summary


# -- safety ---------------------------------------------------------------------------------------


def test_a_hostile_name_shows_as_text_and_runs_nothing(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, pages["hostile"])
    _wait_for(browser, "return document.querySelectorAll('.card').length", 2)
    name = browser.execute_script(
        "return document.querySelector('.card[data-id=\"bad\"] .name').textContent"
    )
    assert name == HOSTILE
    browser.find_element(By.CSS_SELECTOR, '.card[data-id="bad"]').click()
    _wait_for(browser, "return document.getElementById('panel-title').textContent", HOSTILE)
    browser.find_element(By.ID, "search").send_keys("img src")
    _wait_for(browser, "return document.querySelector('#results li[data-id]')?.dataset.id", "bad")
    # No element the name or title spelled was made, and no script but the page's five (its
    # data, d3, d3-flextree, d3-org-chart, the viewer).
    assert browser.execute_script("return document.querySelectorAll('img, b').length") == 0
    assert browser.execute_script("return document.scripts.length") == 5
    assert _no_alert(browser)
    link = browser.find_element(By.CSS_SELECTOR, "#panel-fields a")
    assert link.get_attribute("href") == "https://example.org/?q=%22%3Cx%3E"
    assert _requests(browser, pages["hostile"]) == []


def test_a_hostile_name_on_the_diff_page_shows_as_text(
    browser: Any, pages: dict[str, Path]
) -> None:
    _open(browser, pages["hostile-diff"], "#p=bad")
    _wait_for(browser, "return document.getElementById('panel-title').textContent", HOSTILE)
    lines = """return [...document.querySelectorAll('.card[data-id="bad"] .line')]
        .map(l => l.textContent)"""
    assert browser.execute_script(lines) == [HOSTILE, HOSTILE]  # the name, and the new title
    assert "changed" in browser.execute_script(
        "return document.getElementById('panel').textContent"
    )
    assert browser.execute_script("return document.querySelectorAll('img, b').length") == 0
    assert browser.execute_script("return document.scripts.length") == 5
    assert _no_alert(browser)
    assert _requests(browser, pages["hostile-diff"]) == []


@contextlib.contextmanager
def _watching_the_policy(driver: Any) -> Iterator[None]:
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": VIOLATIONS})
    try:
        yield
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )


def test_the_page_unpacks_its_data_under_its_policy_without_a_request(
    browser: Any, pages: dict[str, Path]
) -> None:
    """The data is gzip in base64, opened by the browser's DecompressionStream: allowed by the
    policy (no breach reported), no request made, and every character read back."""
    with _watching_the_policy(browser):
        for name in ("wide", "chart"):
            _open(browser, pages[name])
            assert browser.execute_script("return window.violations") == []
            assert _requests(browser, pages[name]) == []
            title = browser.execute_script("return document.getElementById('title').textContent")
            assert title == _page_data(pages[name])["title"]
    name = "return document.querySelector('.card[data-id=\"boss\"] .name').textContent"
    _open(browser, pages["wide"])
    assert browser.execute_script(name) == WIDE


def test_the_policy_check_sees_a_breach(browser: Any, tmp_path: Path) -> None:
    """The check above would notice a script the page's policy refuses."""
    page = write(
        tmp_path / "refused.html",
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<script>document.title = 'ran'</script><p>x</p>",
    )
    with _watching_the_policy(browser):
        browser.get(page.as_uri())
        assert browser.execute_script("return window.violations") == ["script-src-elem inline"]
    assert browser.title != "ran"


def test_the_request_check_sees_a_request(browser: Any, tmp_path: Path) -> None:
    """The check the other tests make would notice a page that asks for anything."""
    page = write(tmp_path / "asks.html", '<img src="http://127.0.0.1:9/x.png"><p>x</p>')
    browser.get("about:blank")
    browser.get_log("performance")
    browser.get(page.as_uri())
    assert _requests(browser, page) == ["http://127.0.0.1:9/x.png"]


def test_the_diff_page_marks_each_change_as_the_diff_picture_does(
    browser: Any, pages: dict[str, Path]
) -> None:
    """One meaning per outline, as on the diff picture: dashed for who left, dotted for an open
    position, double for an overlay; a glyph on each badge; the legend says so."""
    from selenium.webdriver.common.by import By

    data = _page_data(pages["diff"])
    _open(browser, pages["diff"])
    units = {r["id"] for r in data["levels"]["units"]}
    _wait_for(browser, VISIBLE, units)

    def outline(ident: str) -> str:
        card = browser.find_element(By.CSS_SELECTOR, f'.card[data-id="{ident}"]')
        style: str = browser.execute_script(
            "return getComputedStyle(arguments[0]).borderTopStyle", card
        )
        return style

    assert outline("model-support") == "double"
    assert outline("qianwen") == "dashed"
    browser.find_element(By.ID, "level-people").click()
    _wait_for(browser, VISIBLE, {r["id"] for r in data["levels"]["people"]})
    assert outline("lin-junyang") == "dashed"
    assert outline("open-pretraining-lead") == "dotted"
    assert outline("zhou-hao") not in ("dashed", "dotted")
    badges = {r["id"]: r.get("badge", "") for r in data["levels"]["people"]}
    assert badges["lin-junyang"] == "− left" and badges["zhou-hao"] == "+ joined"
    assert badges["infra-engineer-1"].startswith("~ moved from ")
    legend = browser.find_element(By.ID, "legend").text
    assert "+ added" in legend and "− removed" in legend and "open position" in legend
