"""Counted nouns for messages and reports: "1 person", "3 people", "2 units"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def people(n: int) -> str:
    return plural(n, "person", "people")
