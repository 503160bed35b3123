"""orgmodel: org charts as code. Load, validate, compare and draw organisations kept as files."""

from __future__ import annotations

__version__ = "0.1.0"
