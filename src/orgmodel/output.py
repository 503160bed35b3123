"""Writing outputs: atomically (a temporary file in the same folder, then a rename), and never
over one of the command's inputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from orgmodel.errors import InputError, UsageError


def refuse_input(output: Path, inputs: Iterable[str]) -> None:
    """UsageError when `output` is the same file as one of `inputs`."""
    for spec in inputs:
        candidate = Path(spec)
        if spec == "-" or not candidate.exists() or not output.exists():
            continue
        if candidate.samefile(output):
            raise UsageError(f"-o {output}: refusing to overwrite an input file")


def write_atomic(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", file=str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mode = 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise InputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
