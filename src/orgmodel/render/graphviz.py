"""The one module that runs a program: Graphviz's `dot` (or a compatible build) turning DOT into
SVG, PNG or PDF, each run one subprocess with a timeout: laid out by `dot`, or drawn from the
fixed positions orgmodel's own layout gave (`-Kneato -n2`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from orgmodel.errors import ExternalProgramError
from orgmodel.formats.registry import IMAGE_FORMATS, Format

ENVIRONMENT_VARIABLE = "ORGMODEL_DOT"
CANDIDATES = ("dot", "graphviz-pure")
LAYOUT_TIMEOUT_SECONDS = 300
# neato's engine taking every `pos` as given, in points, edges' splines included: Graphviz only
# draws (both the system `dot` and graphviz-pure accept it).
POSITIONED = ("-Kneato", "-n2")
INSTALL_HINT = (
    "install Graphviz (apt-get install graphviz, brew install graphviz) or "
    "pip install 'orgmodel[render]'; .dot and .mmd outputs need no Graphviz"
)


def find_layout_program(explicit: str | None = None) -> str:
    """`--dot PATH`, then $ORGMODEL_DOT, then `dot` and `graphviz-pure` on PATH."""
    looked: list[str] = []
    for given, where in (
        (explicit, "--dot"),
        (os.environ.get(ENVIRONMENT_VARIABLE), "$ORGMODEL_DOT"),
    ):
        if given:
            found = shutil.which(given) or (given if Path(given).is_file() else None)
            if found is None:
                raise ExternalProgramError(f"{where} {given!r}: no such program; {INSTALL_HINT}")
            return found
        looked.append(where)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
        looked.append(f"{name} on PATH")
    raise ExternalProgramError(
        "Graphviz is needed to write this image and was not found "
        f"(looked at {', '.join(looked)}); {INSTALL_HINT}"
    )


def run_layout(
    source: str, fmt: Format, program: str | None = None, *, positioned: bool = False
) -> bytes:
    """Lay out DOT `source` and return the image bytes (`fmt` is one of the image formats);
    `positioned`: draw it at the positions it carries instead (`render_positioned_dot`)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Graphviz does not write {fmt} here")
    return _run(source, [*(POSITIONED if positioned else ()), f"-T{fmt}"], fmt, program)


def lay_out(source: str, program: str | None = None) -> str:
    """DOT `source` laid out: the same DOT with every position and the bounding box (`bb`)
    filled in, which `draw_laid_out` draws without laying it out again. Graphviz writes them to
    five significant digits: on a PNG's at most 24,000 pt, half a point off at worst, under a
    pixel."""
    return _run(source, ["-Tdot"], Format.dot, program).decode("utf-8")


def draw_laid_out(laid_out: str, fmt: Format, program: str | None = None) -> bytes:
    """The image of DOT whose nodes and edges already have positions (`lay_out`'s output), drawn
    as placed (`-Kneato -n2`: no layout, the edges' own splines)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Graphviz does not write {fmt} here")
    return _run(laid_out, [*POSITIONED, f"-T{fmt}"], fmt, program)


# Graphviz writes the graph's attributes first, so the first `bb` is the whole drawing's (the
# clusters' come later); numbers may be in exponent form (`1.0947e+05`).
_BOUNDING_BOX = re.compile(r'\bbb="([^"]*)"')


def drawing_size(laid_out: str) -> tuple[float, float]:
    """Width and height in points of a laid-out DOT's bounding box."""
    found = _BOUNDING_BOX.search(laid_out)
    if found is None:
        raise ExternalProgramError("the layout program gave no bounding box for the chart")
    left, bottom, right, top = (float(x) for x in found.group(1).split(","))
    return right - left, top - bottom


def _run(source: str, arguments: list[str], fmt: Format, program: str | None) -> bytes:
    path = find_layout_program(program)
    name = Path(path).name
    if fmt == "pdf" and "graphviz-pure" in name:
        raise ExternalProgramError(
            f"{name} cannot write PDF; install Graphviz for PDF, or write .svg or .png"
        )
    try:
        done = subprocess.run(
            [path, *arguments],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=LAYOUT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExternalProgramError(
            f"{name} did not finish {'drawing' if '-n2' in arguments else 'laying out'} the "
            f"chart in {LAYOUT_TIMEOUT_SECONDS} s; "
            "draw less of it (--level units, --root UNIT or --depth N)"
        ) from None
    except OSError as exc:
        raise ExternalProgramError(f"{path} could not be run: {exc.strerror or exc}") from None
    if done.returncode != 0 or not done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {said[0]}" if said else ""
        raise ExternalProgramError(
            f"{name} failed to write {fmt.upper()} (exit {done.returncode}){detail}"
        )
    return done.stdout
