"""Standard output whose failed write (a full disk, a closed descriptor, a reader that went away)
is raised once as `StdoutError`, told apart from every other OSError, so the entry point can end
with one line and an exit code instead of a traceback wherever the write happened to be."""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class StdoutError(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.errno = error.errno


class _Descriptor(io.RawIOBase):
    """Descriptor 1, or none when it was closed at start-up (Python then leaves sys.stdout None,
    and the descriptor may since belong to a file we opened). After a failed write the rest is
    dropped: the output is cut short already, and the error has been raised."""

    def __init__(self, fd: int | None) -> None:
        super().__init__()
        self._fd = fd
        self._failed = False

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._fd is not None and os.isatty(self._fd)

    def fileno(self) -> int:
        if self._fd is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._fd

    def write(self, data: ReadableBuffer) -> int:
        size = memoryview(data).nbytes
        if self._failed:
            return size
        try:
            if self._fd is None:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            return os.write(self._fd, data)
        except OSError as error:
            self._failed = True
            raise StdoutError(error) from None


def install() -> None:
    """Put the checked standard output in place of Python's own."""
    current = sys.stdout
    if current is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Descriptor(None)), encoding="utf-8")
        return
    try:
        fd = current.fileno()
    except (OSError, ValueError):  # not a real descriptor (embedded, captured): leave it be
        return
    current.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Descriptor(fd)),
        encoding=current.encoding,
        errors=current.errors,
        line_buffering=bool(current.line_buffering),
    )


BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader went away


def stdout_failed(error: StdoutError) -> int:
    """Say that stdout failed (unless its reader went away, `| head`) and the exit code."""
    if error.errno == errno.EPIPE:
        return BROKEN_PIPE
    sys.stderr.write(f"orgmodel: <stdout>: cannot write: {error}\n")
    sys.stderr.flush()
    return 2
