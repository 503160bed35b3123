"""HTML page benchmark (the interactive chart, `orgmodel render ORG -o chart.html`). For
generated orgs of 1k, 10k and 100k people prints:
  - org json: the org as `orgmodel convert -o org.json` writes it;
  - html: the page `orgmodel render ORG -o chart.html` writes, and html/json, its size against
    the org's JSON (target <= 2.5); beside it the floor no org's page can go under: the page of
    an org with no one in it (the inlined libraries and the viewer, a fixed 0.36 MB) over the
    org's JSON; the data, gzipped in base64, adds about an eighth of the org's JSON;
  - render s: that command, as a process (median of --repeat);
  - first card s: in headless Chromium, from the start of navigation to the first frame after
    the first cards are drawn (the viewer records it; unpacking the data included), median of
    --repeat loads (target <= 3 s at 100k);
  - search ms: in the loaded page, looking up a person at the deepest level by name, expanding
    to them, laying the chart out and drawing it, to the next frame (median of --repeat; target
    <= 300 ms). The move that then centres the card is a 0.3 s animation, not counted.

    python bench/html_bench.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import common
import headless
import orggen

from orgmodel.html.chart import depths
from orgmodel.html.page import page_data

SIZE_TARGET = 2.5
FIRST_CARD_TARGET = 3.0
SEARCH_TARGET_MS = 300.0

# Look the name up, focus the first match, and wait for the frame that shows it.
SEARCH = """const [name, done] = arguments;
const start = performance.now();
const found = orgmodelViewer.search(name);
orgmodelViewer.focus(found[0]);
requestAnimationFrame(() => done([found[0], performance.now() - start]));"""


def _deepest(page_data: dict[str, Any]) -> dict[str, Any]:
    """A person at the deepest level (an open position's name is not its own)."""
    people = page_data["levels"]["people"]
    depth = depths(people)
    named = [r for r in people if not r.get("dashed")]
    return max(named, key=lambda r: (depth[r["id"]], r["id"]))


def measure(driver: Any, people: int, repeat: int, orgmodel: str) -> dict[str, Any]:
    folder = common.OUT / "html"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"org{people}.json"
    source.write_text(json.dumps(orggen.generate(people)), encoding="utf-8")
    org_json = folder / f"org{people}.converted.json"
    subprocess.run(
        [orgmodel, "convert", str(source), "-o", str(org_json)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = folder / f"chart{people}.html"
    render = common.wall([orgmodel, "render", str(source), "-o", str(page)], repeat)
    target = _deepest(page_data(page.read_text(encoding="utf-8")))
    firsts, searches = [], []
    for _ in range(repeat):
        driver.get("about:blank")
        driver.get(page.as_uri())
        first = driver.execute_async_script(
            """const done = arguments[0];
            (function wait() {
              const v = window.orgmodelViewer;
              if (v && v.firstCard) done(v.firstCard); else setTimeout(wait, 10);
            })();"""
        )
        firsts.append(first / 1000)
        found, took = driver.execute_async_script(SEARCH, target["lines"][0])
        if found != target["id"]:
            raise SystemExit(f"search for {target['lines'][0]!r} found {found}, not {target['id']}")
        searches.append(took)
    return {
        "people": people,
        "json": org_json.stat().st_size,
        "html": page.stat().st_size,
        "render": render,
        "first": statistics.median(firsts),
        "search": statistics.median(searches),
    }


def empty_page(orgmodel: str) -> int:
    """The size of the page of an org with no one in it: what every page carries."""
    folder = common.OUT / "html"
    folder.mkdir(parents=True, exist_ok=True)
    empty, page = folder / "empty.json", folder / "empty.html"
    empty.write_text(json.dumps({"orgmodel": 1, "name": "Empty"}), encoding="utf-8")
    subprocess.run([orgmodel, "render", str(empty), "-o", str(page)], check=True)
    return page.stat().st_size


def main() -> None:
    sizes, repeat, orgmodel = common.options(__doc__ or "", "1000,10000,100000")
    fixed = empty_page(orgmodel)
    why_not = headless.missing()
    if why_not is not None:
        raise SystemExit(f"html_bench needs a headless browser: {why_not}")
    driver, profile = headless.start_browser()
    rows = []
    try:
        for people in sizes:
            rows.append(measure(driver, people, repeat, orgmodel))
    finally:
        driver.quit()
        profile.cleanup()
    print(
        f"| people | org json MB | html MB | html/json (<= {SIZE_TARGET}) | floor: empty page/json "
        f"| render s | first card s (<= {FIRST_CARD_TARGET:g}) "
        f"| search ms (<= {SEARCH_TARGET_MS:g}) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ratio = row["html"] / row["json"]
        print(
            f"| {row['people']:,} | {row['json'] / 1e6:.2f} | {row['html'] / 1e6:.2f} "
            f"| {ratio:.2f}{'' if ratio <= SIZE_TARGET else ' (over)'} "
            f"| {fixed / row['json']:.2f} | {row['render']:.2f} "
            f"| {row['first']:.2f}{'' if row['first'] <= FIRST_CARD_TARGET else ' (over)'} "
            f"| {row['search']:.0f}{'' if row['search'] <= SEARCH_TARGET_MS else ' (over)'} |"
        )


if __name__ == "__main__":
    main()
