"""`format: html` in the docs integrations: the interactive viewer embedded in a docs page, no
iframe. Real `mkdocs build` and `sphinx-build` runs of small sites with a chart and a diff on
one page, opened in headless Chromium: both viewers draw their first cards, each keeps its
search, its deep links and its ids to itself, the page carries the libraries once, the
viewer's stylesheet restyles nothing of the docs theme, and nothing is requested. Without a
browser: the viewer's markup, stylesheet and scripts are built for it, the LaTeX build draws
the static picture, and `orgmodel build`'s Markdown regions are as they were."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orgmodel.errors import UsageError
from orgmodel.formats.registry import Format
from orgmodel.html.page import page_data, render_page, script_hashes, viewer_element
from orgmodel.report.embed import embed_html, page_assets, parse_fence, produce

from conftest import REPO, run_cli, write

sys.path.insert(0, str(REPO / "bench"))
import headless

WHY_NOT = headless.missing()
if WHY_NOT is not None and os.environ.get("ORGMODEL_REQUIRE_BROWSER"):
    raise RuntimeError(f"the browser tests must run here, but {WHY_NOT}")
HOSTILE = "<img src=x onerror=alert(1)>Zhou Hao"
# The default theme without its highlight.js, which it fetches from a CDN: the page's own
# requests are then the theme's files beside it, and anything else would be the viewers'.
MKDOCS_SITE = """site_name: t
theme: {name: mkdocs, highlightjs: false}
plugins: [search, orgmodel]
markdown_extensions: [tables]
"""
FENCE_SITE = """site_name: t
theme: {name: mkdocs, highlightjs: false}
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: orgmodel
          class: orgmodel
          format: !!python/name:orgmodel.mkdocs.fence_format
          validator: !!python/name:orgmodel.mkdocs.fence_validator
"""
PAGE = """# Charts

Text before the charts.

```orgmodel
render: {dir}orgs/q26.yaml
format: html
```

Between them.

```orgmodel
diff: {dir}orgs/q25.yaml {dir}orgs/q26.yaml
format: html
```

After them.
"""
PLAIN = "# Charts\n\nText before the charts.\n\nBetween them.\n\nAfter them.\n"
SPHINX_PAGE = """Charts
======

Text before the charts.

.. orgchart:: orgs/q26.yaml
   :format: html

Between them.

.. orgdiff:: orgs/q25.yaml orgs/q26.yaml
   :format: html

After them.
"""


def _orgs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "orgs" / "qianwen-2025.yaml", folder / "q25.yaml")
    after = (REPO / "orgs" / "qianwen-2026.yaml").read_text(encoding="utf-8")
    after = after.replace("name: Zhou Hao", f"name: {json.dumps(HOSTILE)}", 1)
    write(folder / "q26.yaml", after)


def _mkdocs_site(folder: Path, config: str = MKDOCS_SITE, dir: str = "") -> Path:
    write(folder / "mkdocs.yml", config)
    _orgs(folder / "docs" / "orgs")
    write(folder / "docs" / "index.md", PAGE.format(dir=dir))
    write(folder / "docs" / "plain.md", PLAIN)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=folder, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    return folder / "site"


def _sphinx(project: Path, builder: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-W", *flags, str(project),
         str(project / "_build" / builder)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def _sphinx_project(folder: Path) -> Path:
    write(folder / "conf.py", 'project = "t"\nextensions = ["orgmodel.sphinx"]\n')
    _orgs(folder / "orgs")
    write(folder / "index.rst", SPHINX_PAGE)
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    mkdocs = _mkdocs_site(tmp_path_factory.mktemp("mkdocs"))
    fence = _mkdocs_site(tmp_path_factory.mktemp("fence"), FENCE_SITE, dir="docs/")
    project = _sphinx_project(tmp_path_factory.mktemp("sphinx"))
    built = _sphinx(project, "html", "-q")
    assert built.returncode == 0, built.stderr
    return {
        "mkdocs": mkdocs / "index.html",
        "mkdocs-plain": mkdocs / "plain" / "index.html",
        "fence": fence / "index.html",
        "sphinx": project / "_build" / "html" / "index.html",
    }


# -- the pages as built -------------------------------------------------------------------------

ROOT = re.compile(r'<div class="orgmodel-viewer orgmodel-embed" data-ids="([^"]*)">')


@pytest.mark.parametrize("site", ["mkdocs", "fence", "sphinx"])
def test_a_page_holds_two_viewers_and_the_libraries_once(sites: dict[str, Path], site: str) -> None:
    html = sites[site].read_text(encoding="utf-8")
    assert ROOT.findall(html) == ["orgmodel0-", "orgmodel1-"]
    assert "<iframe" not in html
    for script in ("/* d3 ", "/* d3-flextree ", "/* d3-org-chart ", "// The orgmodel viewer"):
        assert html.count(script) == 1, script
    assert html.count(".orgmodel-viewer .card {") == 1  # the stylesheet, once
    # The scripts come after the first viewer, which they mount with those further down.
    assert html.index('data-ids="orgmodel0-"') < html.index("/* d3-org-chart ")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "orgmodel0-search" in ids and "orgmodel1-search" in ids
    assert HOSTILE not in html  # the names are in the packed data


def test_each_viewer_carries_its_own_data(sites: dict[str, Path]) -> None:
    html = sites["mkdocs"].read_text(encoding="utf-8")
    second = html[html.index('data-ids="orgmodel1-"') :]
    assert page_data(html)["page"] == "chart" and page_data(second)["page"] == "diff"
    names = [r["lines"][0] for r in page_data(html)["levels"]["people"]]
    assert HOSTILE in names


def test_the_sites_search_takes_in_no_viewer(sites: dict[str, Path]) -> None:
    """The plugin fills the viewers in after the search plugin has read the page: its index
    holds the page's own text, not the viewers' scripts, data, buttons or headings."""
    index = json.loads((sites["mkdocs"].parent / "search" / "search_index.json").read_text())
    entries = [e for e in index["docs"] if e["location"].startswith("#") or e["location"] == ""]
    text = " ".join(e["title"] + " " + e["text"] for e in entries)
    assert "Text before the charts." in text and "After them." in text
    for viewer in ("d3", "orgmodel viewer", "Expand all below", "Lineage", "H4sI"):
        assert viewer not in text, viewer
    assert len(text) < 1000


def test_other_pages_of_the_site_carry_no_viewer(sites: dict[str, Path]) -> None:
    plain = sites["mkdocs-plain"].read_text(encoding="utf-8")
    assert "orgmodel-viewer" not in plain and "d3-org-chart" not in plain


def test_the_viewers_stylesheet_is_scoped_under_its_root() -> None:
    css = re.sub(r"/\*.*?\*/", "", _page_css(), flags=re.S)
    # The selector lists, split at their commas (not those inside `:is(…)`).
    selectors = [
        s.strip()
        for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
        for s in re.split(r",(?![^(]*\))", block)
    ]
    assert len(selectors) > 50
    outside = [s for s in selectors if not s.startswith(".orgmodel-viewer")]
    assert outside == []


def _page_css() -> str:
    embedded = produce(parse_fence("render: orgs/qianwen-2026.yaml\nformat: html"), REPO)
    assets = page_assets([embedded])
    [css] = re.findall(r"<style>(.*?)</style>", assets, re.S)
    return str(css)


def test_the_viewers_script_reads_no_global_element() -> None:
    """Every element the viewer touches is found in its root (by its prefixed id): never the
    page's, so two viewers cannot reach each other's."""
    folder = REPO / "src" / "orgmodel" / "html" / "viewer"
    for part in folder.glob("*.js"):
        code = part.read_text(encoding="utf-8")
        assert not re.search(r"document\.(getElementById|querySelector)", code), part.name


def test_every_id_in_the_viewer_takes_the_prefix() -> None:
    element = viewer_element("", ids="chart7-")
    ids = re.findall(r'\s(?:id|aria-controls|aria-labelledby)="([^"]*)"', element)
    assert len(ids) > 20 and all(i.startswith("chart7-") for i in ids)
    assert 'data-ids="chart7-"' in element and "@" not in element
    with pytest.raises(ValueError, match="not an id prefix"):
        viewer_element("", ids='x" onclick="alert(1)')
    with pytest.raises(ValueError, match="base64"):
        viewer_element("</script>")


def test_the_standalone_page_keeps_its_ids_and_its_policy() -> None:
    page = render_page("t", {"title": "t"})
    assert '<div class="orgmodel-viewer" data-ids="" data-keys="page">' in page
    assert 'id="search"' in page and 'id="org-data"' in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert f"script-src {' '.join(script_hashes())};" in policy.group(1)
    assert "default-src 'none'" in policy.group(1) and "connect-src 'none'" in policy.group(1)


@pytest.mark.parametrize("command", ["render: a.yaml", "diff: a.yaml b.yaml"])
def test_html_is_an_embed_format_of_both_commands(command: str) -> None:
    assert parse_fence(f"{command}\nformat: html").fmt is Format.html


def test_a_chart_viewer_refuses_what_it_cannot_follow() -> None:
    embed = parse_fence("render: orgs/qianwen-2026.yaml\nformat: html\nroot: tongyi-lab")
    with pytest.raises(UsageError, match="the HTML page holds the whole org"):
        produce(embed, REPO)


def test_embed_html_places_the_viewer_and_the_assets_apart() -> None:
    embedded = produce(parse_fence("render: orgs/qianwen-2026.yaml\nformat: html"), REPO)
    shown = embed_html(embedded, str, prefix="orgmodel3-")
    assert shown.startswith('<div class="orgmodel-viewer orgmodel-embed" data-ids="orgmodel3-">')
    assert "<style>" not in shown and "d3-org-chart" not in shown
    assert "\n\n" not in shown  # one HTML block for Markdown
    svg = produce(parse_fence("render: orgs/qianwen-2026.yaml"), REPO)
    assert page_assets([svg]) == ""


# -- Sphinx's other builders --------------------------------------------------------------------


def test_a_latex_build_draws_the_static_picture_and_says_so(tmp_path: Path) -> None:
    project = _sphinx_project(tmp_path)
    built = _sphinx(project, "latex")
    assert built.returncode == 0, built.stderr
    out = project / "_build" / "latex"
    pictures = sorted(out.glob("orgmodel-*.pdf"))
    assert len(pictures) == 2
    tex = (out / "t.tex").read_text(encoding="utf-8")
    for picture in pictures:
        assert picture.read_bytes().startswith(b"%PDF")
        assert f"\\sphinxincludegraphics[width=\\linewidth]{{{picture.name}}}" in tex
    assert "d3-org-chart" not in tex
    told = "orgmodel: LaTeX has no interactive viewer: the static picture is drawn"
    assert built.stdout.count(told) == 2, built.stdout


# -- orgmodel build's Markdown regions ---------------------------------------------------------


def test_build_refreshes_a_region_and_leaves_an_html_fence_as_written(tmp_path: Path) -> None:
    _orgs(tmp_path / "orgs")
    fence = "```orgmodel\nrender: orgs/q26.yaml\nformat: html\n```\n"
    region = "<!-- orgmodel diff orgs/q25.yaml orgs/q26.yaml --format markdown -->\n"
    region += "<!-- /orgmodel -->\n"
    page = write(tmp_path / "page.md", f"# Page\n\n{fence}\n{region}")
    write(tmp_path / "orgmodel.toml", 'diagrams = []\nmarkdown = ["page.md"]\n')
    run = run_cli("build", "--dir", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# Page\n\n{fence}\n<!-- orgmodel diff")
    assert "| span max | 26 | 9 | -17 |" in text and "orgmodel-viewer" not in text
    assert run_cli("build", "--check", "--dir", str(tmp_path)).exit_code == 0


# -- in the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if WHY_NOT is not None:
        pytest.skip(f"no headless browser: {WHY_NOT}")
    driver, profile = headless.start_browser()
    try:
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


VIEWERS = "return [...document.querySelectorAll('.orgmodel-viewer')]"
FIRST_CARDS = VIEWERS + ".map(r => !!(r.orgmodelViewer && r.orgmodelViewer.firstCard))"
# The cards each viewer shows, by the id of its root.
CARDS = (
    VIEWERS
    + """.map(r => [...r.querySelectorAll('.card')]
    .filter(c => c.getClientRects().length > 0).length)"""
)


def _open(driver: Any, page: Path, fragment: str = "") -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get_log("performance")
    driver.get(page.as_uri() + fragment)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(FIRST_CARDS) == [True, True])


def _wait_for(driver: Any, script: str, expected: Any, timeout: float = 10) -> Any:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    with contextlib.suppress(TimeoutException):  # the assertion below shows what was found
        WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script) == expected)
    found = driver.execute_script(script)
    assert found == expected
    return found


def _requests(driver: Any, page: Path) -> list[str]:
    """Every URL asked for since `_open` but the page itself, its theme's files beside it, and
    inline data."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    site = page.parent.as_uri()
    return [u for u in urls if not u.startswith((site, "data:", "blob:"))]


IMAGES = "return document.querySelectorAll('.orgmodel-viewer img').length"


def _no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # noqa: B018
    except NoAlertPresentException:
        return True
    return False


def _in(viewer: int, script: str) -> str:
    return f"const root = document.querySelectorAll('.orgmodel-viewer')[{viewer}]; {script}"


SEARCHED = """return [root.querySelector('input[type=search]').value,
    [...root.querySelectorAll('.card.found')].map(c => c.dataset.id),
    [...root.querySelectorAll('[role=listbox] li')].length,
    root.querySelector('[role=dialog]').hidden]"""


@pytest.mark.parametrize("site", ["mkdocs", "fence", "sphinx"])
@pytest.mark.browser
@pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}")
def test_both_viewers_draw_and_searching_one_leaves_the_other(
    browser: Any, sites: dict[str, Path], site: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = sites[site]
    _open(browser, page)
    chart_cards, diff_cards = browser.execute_script(CARDS)
    assert chart_cards > 3 and diff_cards > 3
    # Each viewer lays out in its own box of the text's column.
    boxes = browser.execute_script(VIEWERS + ".map(r => r.getBoundingClientRect().height)")
    assert boxes == [640, 640]
    # Its headings in its own font, whatever the theme gives headings (Alabaster: Georgia).
    fonts = (
        VIEWERS
        + """.map(r => [r, r.querySelector('h1'), r.querySelector('h2')]
        .map(e => [getComputedStyle(e).fontFamily, getComputedStyle(e).fontWeight]))"""
    )
    for root, title, heading in browser.execute_script(fonts):
        assert title == heading == [root[0], "700"]
    search = browser.find_element(By.ID, "orgmodel0-search")
    search.send_keys("Zhou Hao")
    _wait_for(browser, _in(0, "return root.querySelectorAll('[role=listbox] li').length > 0"), True)
    search.send_keys(Keys.ENTER)
    _wait_for(browser, _in(0, SEARCHED), ["Zhou Hao", ["zhou-hao"], 1, False])
    title = _in(0, "return root.querySelector('[role=dialog] h2').textContent")
    assert browser.execute_script(title) == HOSTILE
    assert browser.execute_script("return location.hash") == "#orgmodel0-p=zhou-hao"
    # The other viewer: no query, no match, no list, no panel, no chain.
    assert browser.execute_script(_in(1, SEARCHED)) == ["", [], 0, True]
    assert browser.execute_script(_in(1, "return root.querySelectorAll('.card.chain').length")) == 0
    assert browser.execute_script(CARDS)[1] == diff_cards
    # User text is text: the hostile name drew no element and ran nothing.
    assert browser.execute_script(IMAGES) == 0
    assert _no_alert(browser)
    ids = browser.execute_script("return [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))  # d3-org-chart's drawing added no shared id either
    assert _requests(browser, page) == []


@pytest.mark.browser
@pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}")
def test_a_deep_link_opens_its_own_viewers_card(browser: Any, sites: dict[str, Path]) -> None:
    _open(browser, sites["mkdocs"], "#orgmodel1-u=post-training")
    panel = "return [root.querySelector('[role=dialog]').hidden, root.orgmodelViewer.level()]"
    _wait_for(browser, _in(1, panel), [False, "units"])
    assert browser.execute_script(_in(0, panel)) == [True, "people"]
    assert "post-training" in browser.execute_script(_in(1, "return root.orgmodelViewer.chain()"))


@pytest.mark.browser
@pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}")
def test_the_viewers_restyle_nothing_of_the_docs_theme(
    browser: Any, sites: dict[str, Path]
) -> None:
    """The theme's own elements look the same on a page with viewers as on one without."""
    style = """return ['body', 'h1', 'p', '.navbar', '.navbar-brand'].map(s => {
        const e = document.querySelector(s);
        const c = getComputedStyle(e);
        return [s, c.fontFamily, c.fontSize, c.color, c.backgroundColor, c.margin, c.display];
    })"""
    _open(browser, sites["mkdocs"])
    with_viewers = browser.execute_script(style)
    browser.get(sites["mkdocs-plain"].as_uri())
    assert browser.execute_script(style) == with_viewers


@pytest.mark.browser
@pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}")
def test_an_embedded_viewer_takes_only_the_keys_typed_in_it(
    browser: Any, sites: dict[str, Path]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    _open(browser, sites["mkdocs"])
    focused = "return document.activeElement.id || document.activeElement.tagName"
    ActionChains(browser).send_keys("/").perform()  # the docs page's (its theme's), no viewer's
    assert not browser.execute_script(focused).startswith("orgmodel")
    _open(browser, sites["mkdocs"])
    browser.execute_script(_in(1, "root.querySelector('.card').focus()"))
    ActionChains(browser).send_keys("/").perform()
    assert browser.execute_script(focused) == "orgmodel1-search"


@pytest.mark.browser
@pytest.mark.skipif(WHY_NOT is not None, reason=f"no headless browser: {WHY_NOT}")
def test_an_embedded_viewer_exports_its_view_with_the_cards_rules(
    browser: Any, sites: dict[str, Path], tmp_path: Path
) -> None:
    import time

    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    _open(browser, sites["sphinx"])
    browser.find_element(By.ID, "orgmodel1-export-svg").click()
    deadline = time.monotonic() + 15
    while not list(tmp_path.glob("*.svg")) and time.monotonic() < deadline:
        time.sleep(0.1)
    [saved] = tmp_path.glob("*.svg")
    svg = saved.read_text(encoding="utf-8")
    assert "Qianwen (functional teams)" in svg  # the diff's units, not the chart's people
    [cards] = re.findall(r'<style class="cards">(.*?)</style>', svg, re.S)
    assert ".card.change-added" in cards and "orgmodel-viewer" not in cards
    assert _requests(browser, sites["sphinx"]) == []
