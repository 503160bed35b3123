"""Writing outputs: atomically (a temporary file in the target's folder, then a rename), and never
over one of the command's inputs.

A symlink is written through: the file it points to is replaced, the link stays. A device, a
FIFO or a descriptor's name (`/dev/stdout`, `/dev/fd/N`) is written to directly, as a shell
redirect would: renaming over it would put a regular file where the device was.

Temporary files are named `.NAME.orgmodel-tmp-PID-RANDOM`, so one left by a killed run is
recognised and removed by the next write to the same target once PID is no longer running.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from orgmodel.errors import InputError, UsageError

_TEMP_MARK = ".orgmodel-tmp-"
_MAX_LINKS = 40  # the kernel's own limit on a chain of symlinks


def refuse_input(output: Path, inputs: Iterable[str]) -> None:
    """UsageError when `output` is the same file as one of `inputs` (through symlinks too)."""
    for spec in inputs:
        candidate = Path(spec)
        if spec == "-" or not candidate.exists() or not output.exists():
            continue
        if candidate.samefile(output):
            raise UsageError(f"-o {output}: refusing to overwrite an input file")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` to `path`: replaced whole, or not at all, keeping the replaced file's
    permission bits; straight through to a device, FIFO or descriptor."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target = _end_of_links(path)
        found = _stat(target)
        if _names_a_descriptor(target) or (found is not None and not stat.S_ISREG(found.st_mode)):
            _write_through(target, data)
        else:
            _replace(target, data, found, path)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def is_plain_file(path: Path) -> bool:
    """Whether `path` is, or would be written as, a regular file: not a device, a FIFO or a
    descriptor's name, which a command writing several files beside it cannot follow."""
    try:
        target = _end_of_links(path)
        found = _stat(target)
    except OSError:  # not there to be looked at (a file as a folder): writing will say why
        return True
    return not _names_a_descriptor(target) and (found is None or stat.S_ISREG(found.st_mode))


def _end_of_links(path: Path) -> Path:
    """Where a chain of symlinks ends (a dangling link: the path it names); stops early at a
    /proc name, whose link text (`pipe:[123]`) is no path."""
    target = path
    for _ in range(_MAX_LINKS):
        if _names_a_descriptor(target):
            return target
        try:
            link = target.readlink()
        except OSError:  # not a symlink, or nothing there
            return target
        target = target.parent / link
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))


def _names_a_descriptor(path: Path) -> bool:
    # /dev/stdout and /dev/fd/N lead here; a rename could never land in /proc anyway.
    return os.path.realpath(path.parent).startswith("/proc/")


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _write_through(target: Path, data: bytes) -> None:
    # O_APPEND: a descriptor the caller opened on a file (`-o /dev/stdout >> log`) is added to.
    handle = os.open(target, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def _replace(target: Path, data: bytes, previous: os.stat_result | None, shown: Path) -> None:
    folder = target.parent
    _remove_stale_temps(folder, target.name)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}{_TEMP_MARK}{os.getpid()}-", dir=folder
        )
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", file=str(shown)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            _keep_access(stream.fileno(), previous)
        Path(temporary).replace(target)
    except BaseException:  # an interrupt too: leave nothing behind
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _keep_access(handle: int, previous: os.stat_result | None) -> None:
    """The replaced file's owner (where allowed) and permission bits; a new file's are those
    `open` would give it."""
    if previous is None:
        os.fchmod(handle, 0o666 & ~_umask())
        return
    if (previous.st_uid, previous.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(handle, previous.st_uid, previous.st_gid)
    os.fchmod(handle, stat.S_IMODE(previous.st_mode))


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove temporary files of writes to `name` whose process is gone (killed mid-write)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return  # creating the temporary file will say what is wrong with the folder
    for entry in entries:
        pid = _temp_owner(name, entry.name)
        if pid is not None and not _running(pid):
            with contextlib.suppress(OSError):
                entry.unlink()


def _temp_owner(name: str, entry: str) -> int | None:
    """The PID in `entry`'s name when it is a temporary file of a write to `name`."""
    found = re.fullmatch(re.escape(f".{name}{_TEMP_MARK}") + r"(\d+)-\w+", entry, re.ASCII)
    return int(found.group(1)) if found else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # someone else's process, or no PID at all: keep it
        return True
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
