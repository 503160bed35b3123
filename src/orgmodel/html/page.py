"""One self-contained HTML file: the template, its stylesheet and viewer script, the vendored
libraries (in manifest order) and the page's data, all inline, so the file opens offline from
disk or from any static site.

The page's Content-Security-Policy allows no request at all and only the scripts it carries
(by their sha256), so even markup that slipped into the page could neither load nor run
anything."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

_HERE = files("orgmodel.html")

# The page's data: its JSON gzipped, in base64, which the viewer opens with the browser's own
# DecompressionStream. Cards repeat their words and keys, so gzip takes the data to a tenth
# (1,000 people: 0.25 MB of JSON, 24 kB in the page; 100,000: 25.7 MB, 2.2 MB); and base64
# has no character that could end the <script> element or open a comment in it, whatever the
# org's strings hold. mtime=0 keeps the same org's page the same bytes.
DATA_ELEMENT = '<script type="application/octet-stream" id="org-data" data-encoding="gzip+base64">'
# zlib's default level: at 100,000 people 9 saves a further 0.3 MB but takes 3.2 s to 6's
# 0.35 s (level 1: 0.2 s, 0.8 MB more).
_LEVEL = 6
_DATA = re.compile(re.escape(DATA_ELEMENT) + r"([A-Za-z0-9+/=]*)</script>")


def encode_data(data: Any) -> str:
    """`data` as the page's data element holds it: JSON, gzipped, in base64."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    packed = gzip.compress(text.encode("utf-8"), compresslevel=_LEVEL, mtime=0)
    return base64.b64encode(packed).decode("ascii")


def page_data(page: str) -> dict[str, Any]:
    """The data of a page `render_page` wrote (chart or diff), as it was given."""
    found = _DATA.search(page)
    if found is None:
        raise ValueError("no orgmodel page data in this HTML")
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(found.group(1))))
    return data


# The viewer's script, in parts that share one scope: joined in this order inside one function.
VIEWER_PARTS = ("chart.js", "panel.js", "controls.js")
_VIEWER_HEAD = """\
// The orgmodel viewer: draws the page's cards with d3-org-chart. Every string from the org
// is put in the page as text: through `esc` in the card HTML d3-org-chart asks for, and
// through textContent everywhere else.
// It waits for the page's data to be unpacked (DecompressionStream streams), hence async.
(async function () {
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
    # escaped and the data is base64.
    for marker, content in (
        ("<!--@csp-->", _policy(scripts)),
        ("<!--@title-->", html.escape(title)),
        ("/*@style*/", _change_colours() + _read("viewer.css")),
        ("<!--@data-->", DATA_ELEMENT + encode_data(data) + "</script>"),
        ("<!--@scripts-->", "\n".join(f"<script>{s}</script>" for s in scripts)),
    ):
        page = page.replace(marker, content, 1)
    return page
