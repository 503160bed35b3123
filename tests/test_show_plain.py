"""`show`'s plain writer prints byte for byte what rich prints without colour, on random trees
and labels (newlines, tabs, control codes, wide characters) and on real orgs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from orgmodel.pipeline import load_org
from orgmodel.report.tree import Branch, build_tree, plain_lines, to_rich

from conftest import CASES, REPO, run_cli

TEXT = st.text(
    st.sampled_from(
        [*"abc xyz—·", "\n", "\t", "\x07", "\r", "\x0c", "\x01", "中", "文", "é", "\u202e"]
    ),
    max_size=14,
)
STYLE = st.sampled_from(["", "bold", "dim italic", "cyan"])


def _rich(tree: Branch) -> str:
    out = io.StringIO()
    Console(file=out, width=100_000, color_system=None, highlight=False).print(to_rich(tree))
    return out.getvalue()


def _plain(tree: Branch) -> str:
    return "".join(line + "\n" for line in plain_lines(tree))


@st.composite
def trees(draw: st.DrawFn) -> Branch:
    root = Branch(tuple(draw(st.lists(st.tuples(TEXT, STYLE), min_size=1, max_size=3))))
    nodes = [root]
    for _ in range(draw(st.integers(0, 25))):
        parent = draw(st.sampled_from(nodes))
        nodes.append(parent.add(*draw(st.lists(st.tuples(TEXT, STYLE), max_size=3))))
    return root


@settings(max_examples=400, deadline=None)
@given(trees())
def test_the_plain_writer_prints_what_rich_prints(tree: Branch) -> None:
    assert _plain(tree) == _rich(tree)


@pytest.mark.parametrize(
    "path",
    [
        REPO / "orgs" / "qianwen-2025.yaml",
        REPO / "orgs" / "qianwen-2026.yaml",
        CASES / "diff" / "rust-libs-restructure-2021" / "after.yaml",
    ],
    ids=["qianwen-2025", "qianwen-2026", "rust"],
)
@pytest.mark.parametrize("units_only", [False, True])
def test_real_orgs_print_the_same_both_ways(path: Path, units_only: bool) -> None:
    tree = build_tree(load_org(str(path)).structure, units_only=units_only)
    assert _plain(tree) == _rich(tree)


def test_show_to_a_file_is_the_plain_text(tmp_path: Path) -> None:
    path = REPO / "orgs" / "qianwen-2026.yaml"
    run = run_cli("show", str(path), "--depth", "2")
    assert run.exit_code == 0, run.stderr
    expected = _rich(build_tree(load_org(str(path)).structure, depth=2))
    assert run.stdout == expected
    assert run_cli("show", str(path), "--depth", "2", "--plain").stdout == expected
