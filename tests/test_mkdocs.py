"""The MkDocs integration: real `mkdocs build` runs of small sites, through the plugin and
through the superfences custom fence, and the fence body's rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orgmodel.errors import UsageError
from orgmodel.formats.registry import Format
from orgmodel.report.embed import find_fences, parse_fence

from conftest import REPO, write

PLUGIN_SITE = "site_name: t\nplugins: [orgmodel]\nmarkdown_extensions: [tables]\n"
FENCE_SITE = """site_name: t
markdown_extensions:
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: orgmodel
          class: orgmodel
          format: !!python/name:orgmodel.mkdocs.fence_format
          validator: !!python/name:orgmodel.mkdocs.fence_validator
"""


def _site(tmp_path: Path, config: str, page: str) -> Path:
    write(tmp_path / "mkdocs.yml", config)
    for year in ("2025", "2026"):
        target = tmp_path / "docs" / "orgs" / f"q{year[2:]}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "orgs" / f"qianwen-{year}.yaml", target)
    write(tmp_path / "docs" / "index.md", page)
    return tmp_path


def _mkdocs(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


PAGE = """# Charts

```orgmodel
render: orgs/q26.yaml
level: units
```

```orgmodel
# a comment, then the reorganisation drawn
diff: orgs/q25.yaml orgs/q26.yaml
```

```orgmodel
diff: orgs/q25.yaml orgs/q26.yaml
format: markdown
```

```orgmodel
diff: orgs/q25.yaml orgs/q26.yaml
format: text
```

```orgmodel
render: orgs/q26.yaml
format: mermaid
root: tongyi-lab
```

````markdown
```orgmodel
render: orgs/not-drawn.yaml
```
````
"""


def test_the_plugin_draws_every_fence(tmp_path: Path) -> None:
    site = _site(tmp_path, PLUGIN_SITE, PAGE)
    built = _mkdocs(site)
    assert built.returncode == 0, built.stderr
    html = (site / "site" / "index.html").read_text()
    assert html.count('<div class="orgmodel orgmodel-chart"><svg') == 2
    assert "<?xml" not in html and "orgmodel-embed" not in html
    assert "Post-training" in html and "Tongyi Lab" in html
    # The Markdown report is converted with the site's extensions: tables.
    assert "<h3 " in html or "<h3>" in html
    assert "<table>" in html and "<td>split</td>" in html
    assert '<pre class="orgmodel orgmodel-report"><code>orgmodel diff: Qianwen (lab era)' in html
    assert '<pre class="mermaid orgmodel">---\ntitle: &quot;Qianwen' in html
    assert "\nflowchart TB\n" in html
    # A fence shown inside a longer fence is left as code.
    assert "render: orgs/not-drawn.yaml" in html


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("# T\n\ntext\n\n```orgmodel\nrender: orgs/missing.yaml\n```\n",
         "docs/index.md:5: docs/orgs/missing.yaml: no such file"),
        ("# T\n\n```orgmodel\nrender: orgs/q26.yaml\nformat: png\n```\n",
         "docs/index.md:5: unknown format 'png' for render; use svg, mermaid, html"),
        ("# T\n\n```orgmodel\nrender: orgs/q26.yaml\n\nlevle: units\n```\n",
         "docs/index.md:6: unknown key 'levle'"),
        ("---\ntitle: T\n---\n# T\n\n```orgmodel\ndiff: orgs/q26.yaml\n```\n",
         "docs/index.md:6: `diff` takes two files, BEFORE and AFTER, got 1"),
        ("# T\n\n```orgmodel\nrender: orgs/q26.yaml\nroot: nowhere\n```\n",
         "docs/index.md:3: --root: no unit 'nowhere' in this org"),
    ],
)  # fmt: skip
def test_a_mistake_fails_the_build_at_the_fence(tmp_path: Path, page: str, message: str) -> None:
    built = _mkdocs(_site(tmp_path, PLUGIN_SITE, page))
    assert built.returncode != 0
    assert f"orgmodel: {message}" in built.stderr, built.stderr
    assert "Traceback" not in built.stderr


def test_the_superfences_fence_draws_too(tmp_path: Path) -> None:
    page = "# T\n\n```orgmodel\nrender: docs/orgs/q26.yaml\nlevel: units\n```\n"
    built = _mkdocs(_site(tmp_path, FENCE_SITE, page))
    assert built.returncode == 0, built.stderr
    assert '<div class="orgmodel orgmodel-chart"><svg' in (tmp_path / "site/index.html").read_text()


def test_the_superfences_fence_stops_the_build_on_a_mistake(tmp_path: Path) -> None:
    page = "# T\n\n```orgmodel\nrender: docs/orgs/missing.yaml\n```\n"
    built = _mkdocs(_site(tmp_path, FENCE_SITE, page))
    assert built.returncode != 0
    assert "orgmodel fence: docs/orgs/missing.yaml: no such file" in built.stderr


def test_a_fence_body_is_read_as_the_cli_reads_options() -> None:
    embed = parse_fence("diff: 'a b.yaml' c.yaml\ncontext: 1\nfull: true\nformat: markdown\n")
    assert embed.command == "diff" and embed.files == ("a b.yaml", "c.yaml")
    assert embed.fmt is Format.markdown and embed.focus.context == 1 and embed.focus.full
    assert embed.options.level == "units"  # a diff picture's default, as `orgmodel diff`
    chart = parse_fence("render: x.yaml\ndepth: 2\ncompact: false\nsort: name\n")
    assert (chart.options.depth, chart.options.compact, chart.options.sort) == (2, False, "name")


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("level: units\n", 1, "say what to draw"),
        ("render: a.yaml\nrender: b.yaml\n", 2, "give one of"),
        ("render: a.yaml\nlevel: teams\n", 2, "`level` is one of people, units"),
        ("render: a.yaml\ndepth: 0\n", 2, "`depth` is a whole number"),
        ("render: a.yaml\nformat: markdown\n", 2, "unknown format 'markdown' for render"),
        ("render: a.yaml\nnot a pair\n", 2, "expected `key: value`"),
        ("render: a.yaml\nfull: maybe\n", 2, "`full` is true or false"),
    ],
)
def test_a_bad_fence_body_is_told_at_its_line(body: str, line: int, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_fence(body)
    assert raised.value.line == line and message in raised.value.message


def test_fences_are_found_outside_other_fenced_blocks() -> None:
    page = "a\n```orgmodel\nrender: x\n```\n~~~~\n```orgmodel\nno\n```\n~~~~\n```orgmodel\ny\n"
    found = find_fences(page)
    assert [(f.start, f.end, f.body) for f in found] == [(1, 3, "render: x"), (9, 11, "y")]


def test_charts_on_one_page_share_no_element_id(tmp_path: Path) -> None:
    page = "# T\n\n" + "```orgmodel\nrender: orgs/q26.yaml\n```\n\n" * 2
    site = _site(tmp_path, PLUGIN_SITE, page)
    assert _mkdocs(site).returncode == 0
    html = (site / "site" / "index.html").read_text()
    ids = re.findall(r'<(?:g|a|svg)\b[^>]*\sid="([^"]+)"', html)
    assert any(i.startswith("orgmodel0-") for i in ids) and any(
        i.startswith("orgmodel1-") for i in ids
    )
    assert len(ids) == len(set(ids))


def test_a_mermaid_chart_mermaid_will_not_draw_is_a_warning(tmp_path: Path) -> None:
    people = "\n".join(f"  - {{id: p{i}, name: Person {i}}}" for i in range(520))
    members = ", ".join(f"p{i}" for i in range(1, 520))
    site = _site(tmp_path, PLUGIN_SITE, "# T\n\n```orgmodel\nrender: big.yaml\nformat: mermaid\n"
                 "compact: false\n```\n")  # fmt: skip
    write(
        site / "docs" / "big.yaml",
        f"name: Big\npeople:\n{people}\nunits:\n  - id: all\n    name: All\n    lead: p0\n"
        f"    members: [{members}]\n",
    )
    built = _mkdocs(site)
    assert built.returncode != 0  # --strict: a warning fails the build
    assert (
        "orgmodel: docs/index.md:3: GitHub will not draw this Mermaid chart: 519 edges, 19 over "
        "the limit of 500; split it into one fence per top-level unit (`root: UNIT`)"
    ) in built.stderr
