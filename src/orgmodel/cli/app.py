"""The Typer app and what every command shares: input options, and turning library errors into
one located line on stderr and the documented exit code."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, NoReturn, TypeVar

import typer

from orgmodel import __version__
from orgmodel.errors import OrgmodelError
from orgmodel.formats.registry import Format

T = TypeVar("T")

app = typer.Typer(
    name="orgmodel",
    help="Org charts as code: validate, compare and draw organisations kept as YAML, JSON or CSV.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Level(StrEnum):
    """What a chart draws a box for."""

    people = "people"
    units = "units"


class LayoutChoice(StrEnum):
    """Who places the boxes: orgmodel's org-chart layout, or Graphviz's `dot`."""

    org = "org"
    dot = "dot"


LayoutOption = Annotated[
    LayoutChoice,
    typer.Option(
        "--layout",
        help="org: orgmodel's compact org-chart layout, drawn by Graphviz; dot: Graphviz's own "
        "layered layout.",
    ),
]


class InputFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format", help="Format of the input when it cannot be told from the name."
    ),
]


def tell(error: OrgmodelError) -> int:
    """Say what went wrong on stderr; the exit code it calls for."""
    for line in error.report_lines():
        typer.echo(line, err=True)
    return error.exit_code


def fail(error: OrgmodelError) -> NoReturn:
    raise typer.Exit(tell(error))


def guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except OrgmodelError as error:
        fail(error)


def input_format_of(option: InputFormat | None) -> Format | None:
    return Format(option) if option else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"orgmodel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Org charts as code."""
