"""The one module that runs a program: Graphviz's `dot` (or a compatible build) turning DOT into
SVG, PNG or PDF, as one subprocess with a timeout: laid out by `dot`, or drawn from the fixed
positions orgmodel's own layout gave (`-Kneato -n2`)."""

from __future__ import annotations

import os
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
    path = find_layout_program(program)
    name = Path(path).name
    if fmt == "pdf" and "graphviz-pure" in name:
        raise ExternalProgramError(
            f"{name} cannot write PDF; install Graphviz for PDF, or write .svg or .png"
        )
    try:
        done = subprocess.run(
            [path, *(POSITIONED if positioned else ()), f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=LAYOUT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExternalProgramError(
            f"{name} did not finish {'drawing' if positioned else 'laying out'} the chart in "
            f"{LAYOUT_TIMEOUT_SECONDS} s; "
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
