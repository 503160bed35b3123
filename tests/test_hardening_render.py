"""Hardening of the pictures against hostile text: links that would inject script through a
layout program that copies them unescaped (Debian's Graphviz 2.4x), Graphviz escapes such as
`\\N` in names, and bidirectional controls. Each SVG is laid out by every layout program this
machine has (the system `dot` and graphviz-pure), since they escape differently."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from orgmodel import bidi
from orgmodel.check.references import TEXT_FIELDS
from orgmodel.graph.chart import build_graph
from orgmodel.graph.options import ChartOptions
from orgmodel.model import Org
from orgmodel.render.dot import render_dot
from orgmodel.render.mermaid import render_mermaid
from orgmodel.structure import derive
from orgmodel.urls import has_allowed_scheme, safe_url

from conftest import PROGRAMS, run_cli, write

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# Characters RFC 3986 allows in a URI; anything else in an href was not percent-encoded.
URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")

INJECTION_URLS = [
    'https://example.com/x" onmouseover="alert(1)',
    'https://x.com/"><script>alert(1)</script>',
    "https://x.com/'onload='alert(1)'",
    "https://x.com/a b`{}|\\^<>",
    "https://x.com/?a=1&b=2&amp;c=<3>",
    'mailto:a@example.com?subject="><svg onload=alert(1)>',
    "https://x.com/100%/%zz",
    "https://例え.jp/パス?q=名前",
    "  https://x.com/padded  ",
    "https://x.com/\\N\\G",
]


def _yaml(data: dict[str, Any]) -> str:
    # JSON is YAML; the loader reads both. YAML takes U+FFFE and U+FFFF only as escapes.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _hostile_org(name: str, text: str, urls: list[str]) -> dict[str, Any]:
    """A manager with more leaf reports than compact mode leaves unstacked, an assistant, a
    unit with a link and an overlay, every text field carrying `text`, and `urls` spread over
    people (stacked and not) and units."""
    people: list[dict[str, Any]] = [
        {"id": "boss", "name": f"Boss {text}", "title": f"Chief {text}", "url": urls[0]},
        {"id": "mid", "name": f"Mid {text}", "title": f"Lead {text}", "url": urls[1 % len(urls)]},
        {"id": "sub", "name": f"Sub {text}", "url": urls[2 % len(urls)]},
    ]
    leaves = [
        {"id": f"leaf{i}", "name": f"Leaf {i} {text}", "title": f"Dev {text}", "url": url}
        for i, url in enumerate(urls * (6 // len(urls) + 1))
    ][: max(len(urls), 6)]
    people += leaves
    people.append({"id": "open1", "vacant": True, "title": f"Hire {text}"})
    return {
        "name": name,
        "people": people,
        "units": [
            {
                "id": "top",
                "name": f"Top {text}",
                "kind": f"kind {text}",
                "function": f"fn {text}",
                "description": f"About {text}",
                "url": urls[-1],
                "lead": "boss",
                "members": ["mid"],
                "units": [
                    {
                        "id": "team",
                        "name": f"Team {text}",
                        "url": urls[0],
                        "lead": "mid",
                        "members": ["sub", "open1", *(p["id"] for p in leaves)],
                    }
                ],
            },
            {"id": "guild", "name": f"Guild {text}", "overlay": True, "spans": ["team"]},
        ],
        "interactions": [
            {"from": "top", "to": "guild", "mode": "collaboration", "note": f"Note {text}"}
        ],
    }


def _after(org: dict[str, Any], text: str) -> dict[str, Any]:
    """The same org a little later: one person left, one moved, a unit renamed, one added."""
    changed: dict[str, Any] = json.loads(json.dumps(org))
    changed["people"] = [p for p in changed["people"] if p["id"] != "leaf1"]
    team = changed["units"][0]["units"][0]
    team["members"] = [m for m in team["members"] if m not in ("leaf1", "leaf2")]
    team["name"] = f"Team renamed {text}"
    changed["units"][0]["units"].append(
        {"id": "new", "name": f"New {text}", "lead": "leaf2", "members": []}
    )
    return changed


def _pictures(tmp_path: Path, org: dict[str, Any], text: str, program: str) -> dict[str, str]:
    """Every kind of picture of `org` as SVG text: people (laid out by orgmodel, and by `dot`
    with stacked rows; with clusters), units, and the diff picture at both levels."""
    before = write(tmp_path / "before.yaml", _yaml(org))
    after = write(tmp_path / "after.yaml", _yaml(_after(org, text)))
    runs = {
        "people": ["render", str(before)],
        "people-dot": ["render", str(before), "--layout", "dot"],
        "people-no-compact": ["render", str(before), "--no-compact", "--clusters"],
        "units": ["render", str(before), "--level", "units"],
        "diff-units": ["diff", str(before), str(after)],
        "diff-people": ["diff", str(before), str(after), "--level", "people"],
    }
    pictures = {}
    for name, args in runs.items():
        out = tmp_path / f"{name}.svg"
        run = run_cli(*args, "-o", str(out), "--dot", program)
        assert run.exit_code == 0, (name, run.stderr)
        pictures[name] = out.read_text(encoding="utf-8")
    return pictures


def _parse(name: str, svg: str) -> ET.Element:
    try:
        return ET.fromstring(svg)
    except ET.ParseError as exc:
        pytest.fail(f"{name}: the SVG is not well-formed XML ({exc})")


def _hrefs(root: ET.Element) -> list[str]:
    return [v for e in root.iter() for k, v in e.attrib.items() if k in (f"{XLINK}href", "href")]


# -- 1. links -------------------------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_no_link_injects_script_into_any_svg(tmp_path: Path, program: str) -> None:
    org = _hostile_org("Links", "x", INJECTION_URLS)
    for name, svg in _pictures(tmp_path, org, "x", program).items():
        root = _parse(name, svg)
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag.lower() != "script", name
            handlers = [k for k in element.attrib if k.rsplit("}", 1)[-1].lower().startswith("on")]
            assert not handlers, (name, handlers)
        for href in _hrefs(root):
            assert URI.fullmatch(href), (name, href)
        if not name.startswith("diff"):
            assert _hrefs(root), f"{name}: the links were dropped, not made safe"
    # The stacked rows carry their own links: the stack is drawn with every leaf's link.
    root = _parse("people", (tmp_path / "people.svg").read_text(encoding="utf-8"))
    leaf_links = [e for e in root.iter(f"{SVG}g") if e.get("id", "").startswith("a_person-leaf")]
    assert len(leaf_links) == len(INJECTION_URLS)


def test_every_link_passed_on_is_percent_encoded() -> None:
    org = Org.model_validate(_hostile_org("Links", "x", INJECTION_URLS))
    structure = derive(org)
    graphs = [
        build_graph(structure, ChartOptions()),
        build_graph(structure, ChartOptions(compact=False)),
        build_graph(structure, ChartOptions(level="units")),
    ]
    urls = [u for g in graphs for n in g.nodes for u in (n.url, *(r.url for r in n.rows)) if u]
    assert len(urls) > len(INJECTION_URLS)
    assert all(URI.fullmatch(url) for url in urls), urls
    for graph in graphs:
        for line in render_mermaid(graph).splitlines():
            if line.lstrip().startswith("click "):
                quoted = re.fullmatch(r'  click \w+ "([^"]*)" _blank', line)
                assert quoted and URI.fullmatch(quoted.group(1)), line
        source = render_dot(graph)
        for url in re.findall(r'(?:URL|HREF)="([^"]*)"', source):
            assert URI.fullmatch(url.replace("&amp;", "&")), url


def test_safe_url_encodes_and_keeps_the_one_scheme_rule() -> None:
    assert safe_url('https://e.com/x" onmouseover="a') == "https://e.com/x%22%20onmouseover=%22a"
    assert safe_url("https://x.com/`{|}\\^<>") == "https://x.com/%60%7B%7C%7D%5C%5E%3C%3E"
    assert safe_url("https://x.com/100%") == "https://x.com/100%25"
    assert safe_url("https://x.com/a%20b?q=1&r=2") == "https://x.com/a%20b?q=1&r=2"
    assert safe_url("https://é.fr/") == "https://%C3%A9.fr/"
    assert safe_url("  https://x.com/  ") == "https://x.com/"
    for url in INJECTION_URLS:
        once = safe_url(url)
        assert once is not None and safe_url(once) == once
    # The model and the pictures read a scheme the same way, as a browser would.
    for url in ("\tjavascript:alert(1)", " JavaScript:x", "java\nscript:x", "data:text/html,x"):
        assert not has_allowed_scheme(url) and safe_url(url) is None
        with pytest.raises(ValueError, match="only http, https and mailto"):
            Org.model_validate({"name": "o", "people": [{"id": "a", "name": "A", "url": url}]})
    assert safe_url("https://x.com/\u202e") is None  # invisible formatting: no link at all


# -- 4. Graphviz escapes in user text ----------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_graphviz_escapes_in_names_render_literally(tmp_path: Path, program: str) -> None:
    text = r"Ann \N \G \L \E \T \H \\ \l"
    org = _hostile_org(r"Org \N \G", text, ["https://example.org/a"])
    for name, svg in _pictures(tmp_path, org, text, program).items():
        root = _parse(name, svg)
        drawn = [t.text or "" for t in root.iter(f"{SVG}text")]
        # A card's text as read: its lines joined (a long name is wrapped at its spaces).
        cards = [
            " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g")
            if g.get("class") == "node"
        ]
        titles = [v for e in root.iter() for k, v in e.attrib.items() if k == f"{XLINK}title"]
        assert any(text in card for card in cards), (name, cards)
        assert any(text in title for title in titles), (name, titles)
        shown = [*drawn, *titles]
        # no escape was expanded: the graph's name and node ids appear nowhere
        assert not any(re.search(r"\b[psuxc]_[0-9a-f]{12}\b", line) for line in shown), name
        graph_title = root.find(f"{SVG}g/{SVG}title")
        expected = r"Org \N \G → Org \N \G" if name.startswith("diff") else r"Org \N \G"
        assert graph_title is not None and graph_title.text == expected, name
        if name.startswith("people"):
            assert any(line == r"Org \N \G" for line in drawn), drawn  # the graph's label
            assert any(title == r"Org \N \G" for title in titles), titles  # and tooltip
            # a person's own tooltip: a card's, or a stacked row's
            assert any(title.startswith(f"Leaf 0 {text} — ") for title in titles), titles


@pytest.mark.parametrize("program", PROGRAMS)
def test_awkward_names_keep_the_dot_well_formed(tmp_path: Path, program: str) -> None:
    """A final backslash, a backslash before a quote, markup, entities, and a text starting with
    `]` (which Graphviz 2.4x refuses in an HTML-like label) all draw as written."""
    names = ["Org \\", 'Org \\"x\\"', "Org \\\\", "<b>Org</b> & &amp;", "]", "]] x"]
    for i, name in enumerate(names):
        org = _hostile_org(name, name, ["https://example.org/a"])
        pictures = _pictures(tmp_path / str(i), org, name, program)
        root = _parse(name, pictures["people"])
        graph_title = root.find(f"{SVG}g/{SVG}title")
        assert graph_title is not None and graph_title.text is not None
        # a backslash before a quote or at the end is followed by a space, the rest is as written
        assert graph_title.text.replace("\\ ", "\\").rstrip() == name, graph_title.text
        titles = [v for e in root.iter() for k, v in e.attrib.items() if k == f"{XLINK}title"]
        assert name in titles, titles


# -- 5. bidirectional controls ----------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_bidi_controls_are_shown_as_markers_in_every_picture(tmp_path: Path, program: str) -> None:
    text = "Ann \u202egnp.exe\u202c \u2066x\u2069"
    org = _hostile_org(f"Org {text}", text, ["https://example.org/a"])
    for name, svg in _pictures(tmp_path, org, text, program).items():
        assert not bidi.contains(svg), name
        for entity in (f"&#{ord(c)};" for c in bidi.CONTROLS):
            assert entity not in svg, name
        drawn = " ".join(t.text or "" for t in _parse(name, svg).iter(f"{SVG}text"))
        assert "Ann <U+202E>gnp.exe<U+202C> <U+2066>x<U+2069>" in drawn, (name, drawn)
    structure = derive(Org.model_validate(org))
    for options in (ChartOptions(), ChartOptions(level="units")):
        graph = build_graph(structure, options)
        assert not bidi.contains(render_dot(graph))
        mermaid = render_mermaid(graph)
        assert not bidi.contains(mermaid)
        assert not any(f"#{ord(c)};" in mermaid for c in bidi.CONTROLS)
        assert "#60;U#43;202E#62;" in mermaid


@pytest.mark.parametrize("program", PROGRAMS)
def test_characters_xml_cannot_hold_are_drawn_as_markers(tmp_path: Path, program: str) -> None:
    # U+FFFE and U+FFFF made Graphviz stop ("not well-formed"); control characters become spaces
    # in every picture, Mermaid's included, where `#1;` would draw the control itself.
    text = "Ann \ufffe\uffff B\x01C"
    org = _hostile_org(f"Org {text}", text, ["https://example.org/a"])
    for name, svg in _pictures(tmp_path, org, text, program).items():
        drawn = " ".join(t.text or "" for t in _parse(name, svg).iter(f"{SVG}text"))
        assert "Ann <U+FFFE><U+FFFF> B C" in drawn, (name, drawn)
    graph = build_graph(derive(Org.model_validate(org)), ChartOptions())
    mermaid = render_mermaid(graph)
    assert "#65534;" not in mermaid and "#1;" not in mermaid
    assert "#60;U#43;FFFE#62;" in mermaid


def test_validate_warns_where_a_bidi_control_is(tmp_path: Path) -> None:
    path = write(
        tmp_path / "org.yaml",
        "name: Org\n"
        "people:\n"
        "  - id: a\n"
        '    name: "Ann \\u202eevil"\n'
        "    title: Head\n"
        '    tags: [ok, "t\\u2067"]\n'
        '    attrs: {desk: "4\\u2066"}\n'
        "  - {id: b, name: Bob}\n"
        "units:\n"
        '  - {id: u, name: "Unit \\u202d", lead: a, members: [b]}\n'
        "interactions: []\n",
    )
    run = run_cli("validate", str(path))
    assert run.exit_code == 0, run.stderr
    said = run.stdout + run.stderr
    lines = [line for line in said.splitlines() if "bidirectional" in line]
    assert lines == [
        f"{path}:4:11: people[0].name: warning: contains U+202E RIGHT-TO-LEFT OVERRIDE, a "
        "bidirectional control that can make the text read as something else; charts show it "
        "as <U+202E>",
        f"{path}:6:16: people[0].tags[1]: warning: contains U+2067 RIGHT-TO-LEFT ISOLATE, a "
        "bidirectional control that can make the text read as something else; charts show it "
        "as <U+2067>",
        f"{path}:7:19: people[0].attrs.desk: warning: contains U+2066 LEFT-TO-RIGHT ISOLATE, a "
        "bidirectional control that can make the text read as something else; charts show it "
        "as <U+2066>",
        f"{path}:10:19: units[0].name: warning: contains U+202D LEFT-TO-RIGHT OVERRIDE, a "
        "bidirectional control that can make the text read as something else; charts show it "
        "as <U+202D>",
    ], said
    assert not bidi.contains(said)
    assert run_cli("validate", "--strict", str(path)).exit_code == 1


def test_the_bidi_warning_looks_at_every_text_field() -> None:
    """A new text field in the model is a new place for a control to hide: TEXT_FIELDS must
    name every field that holds strings (ids, names, lists of either), `attrs` apart."""
    for model, (scalars, lists) in TEXT_FIELDS.items():
        named = set(scalars) | set(lists) | {"attrs"}
        for field, info in model.model_fields.items():
            shown = repr(info.annotation)
            holds_text = "str" in shown and "Unit" not in shown and "Literal" not in shown
            assert not holds_text or field in named, (model.__name__, field, shown)
