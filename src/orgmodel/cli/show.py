"""`orgmodel show`: the org as a tree in the terminal."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer

from orgmodel.cli.app import InputFormatOption, app, guard, input_format_of


@app.command()
def show(
    file: Annotated[str, typer.Argument(help="Org file: PATH, REV:PATH or - for stdin.")],
    root: Annotated[str | None, typer.Option("--root", help="Show only this unit.")] = None,
    depth: Annotated[
        int | None, typer.Option("--depth", min=1, help="Collapse units below this depth.")
    ] = None,
    units_only: Annotated[bool, typer.Option("--units-only", help="Leave out people.")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="No colours, even in a terminal.")] = False,
    input_format: InputFormatOption = None,
) -> None:
    """Print the org as a tree: units with lead and headcount, people with title."""
    from orgmodel.pipeline import load_org
    from orgmodel.report.tree import build_tree, plain_lines, to_rich

    loaded = guard(partial(load_org, file, input_format_of(input_format)))
    tree = guard(lambda: build_tree(loaded.structure, root, depth, units_only))
    if plain or not sys.stdout.isatty():
        # Piped or redirected: the same text rich would print without colour, without rich.
        sys.stdout.writelines(line + "\n" for line in plain_lines(tree))
        return
    from rich.console import Console

    Console(highlight=False).print(to_rich(tree))
