"""The diff picture's marks survive colour blindness: the fills for added, removed and changed
stay far apart (ΔE*ab, CIE 1976) after simulating deuteranopia, protanopia and tritanopia with
Machado, Oliveira & Fernandes' (2009) matrices at full severity; and every change has a mark
besides its colour (a glyph, and an outline with one meaning)."""

from __future__ import annotations

import itertools
import math
import re
from typing import Literal

import pytest

from orgmodel.diff import diff_structures
from orgmodel.graph.diff import diff_graph
from orgmodel.graph.diff.style import ADDED, CHANGED, REMOVED
from orgmodel.graph.options import ChartOptions
from orgmodel.pipeline import load_org
from orgmodel.render.dot import render_dot

from conftest import REPO

Matrix = tuple[tuple[float, float, float], ...]
SIMULATIONS: dict[str, Matrix] = {
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
NORMAL: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
LEAST_DELTA_E = 20.0


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(colour: str, seen: Matrix) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour as a viewer with `seen` sees it."""
    rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in seen
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def delta_e(a: str, b: str, seen: Matrix) -> float:
    return math.dist(lab(a, seen), lab(b, seen))


def test_the_old_fills_fail_and_the_check_can_tell() -> None:
    """The green and pink the picture used to draw look alike to a deuteranope: the check sees
    it."""
    assert delta_e("#B7E4C7", "#F4B6B6", SIMULATIONS["deuteranopia"]) < LEAST_DELTA_E


@pytest.mark.parametrize("vision", [*SIMULATIONS, "normal"])
def test_the_change_fills_stay_apart(vision: str) -> None:
    seen = SIMULATIONS.get(vision, NORMAL)
    for a, b in itertools.combinations((ADDED, REMOVED, CHANGED, "#FFFFFF"), 2):
        assert delta_e(a, b, seen) >= LEAST_DELTA_E, (vision, a, b)


@pytest.mark.parametrize("level", ["units", "people"])
def test_every_change_has_a_glyph_and_each_outline_one_meaning(
    level: Literal["units", "people"],
) -> None:
    before = load_org(str(REPO / "orgs" / "qianwen-2025.yaml")).structure
    after = load_org(str(REPO / "orgs" / "qianwen-2026.yaml")).structure
    graph = diff_graph(diff_structures(before, after), before, after, ChartOptions(level=level))
    glyphs = {ADDED: "+ ", REMOVED: "− ", CHANGED: "~ "}
    drawn = {n.fill for n in graph.nodes}
    assert drawn >= {ADDED, REMOVED, CHANGED} if level == "people" else drawn >= {ADDED, REMOVED}
    for node in graph.nodes:
        if node.fill in glyphs:
            assert node.lines[0].text.startswith(glyphs[node.fill]), node.lines[0].text
        assert (node.border == "dashed") == (node.fill == REMOVED), node.tooltip
        if node.border == "dotted":
            assert node.kind == "vacancy"
    dot = render_dot(graph)
    for line in dot.splitlines():
        if "peripheries=2" in line:
            assert 'id="unit-model-support"' in line and "dashed" not in line
    assert re.search(r"peripheries=2", dot) or level == "people"
