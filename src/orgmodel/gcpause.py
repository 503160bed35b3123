"""Pausing the garbage collector while large documents are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading an org creates millions of small objects and no cycles worth collecting; the
    collector's repeated passes over them would double the time. Nests safely."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
