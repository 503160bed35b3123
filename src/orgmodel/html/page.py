"""One self-contained HTML file: the template, its stylesheet and viewer script, the vendored
libraries (in manifest order) and the page's data, all inline, so the file opens offline from
disk or from any static site.

The page's Content-Security-Policy allows no request at all and only the scripts it carries
(by their sha256), so even markup that slipped into the page could neither load nor run
anything."""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib.resources import files
from typing import Any

_HERE = files("orgmodel.html")
# `<`, `>` and `&` as JSON escapes, so no string can end the <script> element (`</script>`) or
# open a comment in it (`<!--`); U+2028 and U+2029 too, which older JavaScript parsers take for
# line ends.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(data: Any) -> str:
    """`data` as JSON that can stand inside a <script> element whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


# The viewer's script, in parts that share one scope: joined in this order inside one function.
VIEWER_PARTS = ("chart.js", "panel.js", "controls.js")
_VIEWER_HEAD = """\
// The orgmodel viewer: draws the page's cards with d3-org-chart. Every string from the org
// is put in the page as text: through `esc` in the card HTML d3-org-chart asks for, and
// through textContent everywhere else.
(function () {
"use strict";
"""


def _read(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def viewer_script() -> str:
    parts = [(_HERE / "viewer" / name).read_text(encoding="utf-8") for name in VIEWER_PARTS]
    return _VIEWER_HEAD + "\n".join(parts) + "})();\n"


@cache
def _scripts() -> tuple[str, ...]:
    """The vendored libraries in the order manifest.json lists them (d3 before what uses it),
    then the viewer."""
    vendor = _HERE / "vendor"
    manifest = json.loads((vendor / "manifest.json").read_text(encoding="utf-8"))
    scripts = []
    for library in manifest["libraries"]:
        code = (vendor / library["script"]).read_text(encoding="utf-8")
        name = f"{library['name']} {library['version']} ({library['license']})"
        scripts.append(f"/* {name} */\n{code}\n")
    scripts.append(viewer_script())
    return tuple(scripts)


def _policy(scripts: tuple[str, ...]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    # Images from data: and blob: URLs only: the PNG export draws the chart through one.
    policy = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _change_colours() -> str:
    """The diff picture's fills for added, removed and changed (`graph.diff.style`, chosen to
    stay apart under colour blindness) as the page's CSS variables, so both views mark a change
    alike."""
    from orgmodel.graph.diff.style import ADDED, CHANGED, REMOVED

    return f":root {{ --added: {ADDED}; --removed: {REMOVED}; --changed: {CHANGED}; }}\n"


def render_page(title: str, data: dict[str, Any]) -> str:
    """The page for `data` (a chart's or a diff's, from `orgmodel.html`) titled `title`."""
    scripts = _scripts()
    page = _read("viewer.html")
    # Each marker is replaced once, and no replacement can hold a later marker: the title is
    # escaped and the data has no `<` left.
    for marker, content in (
        ("<!--@csp-->", _policy(scripts)),
        ("<!--@title-->", html.escape(title)),
        ("/*@style*/", _change_colours() + _read("viewer.css")),
        ("/*@data*/", script_json(data)),
        ("<!--@scripts-->", "\n".join(f"<script>{s}</script>" for s in scripts)),
    ):
        page = page.replace(marker, content, 1)
    return page
