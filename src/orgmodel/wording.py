"""The words of messages and reports, in one place: counted nouns ("1 person", "3 people",
"2 units") and "did you mean" suggestions. (How a person is shown is `Person.label`.)"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

# Suggestions compare against every id of the right kind; past this many unknown references the
# rest are reported without one, so a file full of typos stays fast to check.
MAX_SUGGESTIONS = 200


def noun(n: int, word: str, many: str | None = None) -> str:
    """`word` as it goes with `n`: "unit" for 1, "units" (or `many`) otherwise."""
    return word if n == 1 else (many or word + "s")


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` and its noun: "1 unit", "2 units"; `many` for an irregular plural or a phrase whose
    verb agrees ("1 row names", "2 rows name")."""
    return f"{n} {noun(n, word, many)}"


def listing(items: Sequence[str], most: int = 12) -> str:
    """`'a', 'b', … and 3 more`: items quoted, at most `most` of them, so that a message about a
    header of 100,000 columns stays one readable line."""
    shown = ", ".join(repr(item) for item in items[:most])
    return shown if len(items) <= most else f"{shown}, … and {len(items) - most} more"


def people(n: int) -> str:
    return plural(n, "person", "people")


def more_below(people_count: int, units: int) -> str:
    """What a collapsed branch holds: "+12 people in 3 units"."""
    return f"+{people(people_count)} in {plural(units, 'unit')}"


class Suggester:
    """ "Did you mean" for ids. Candidates are bucketed by length on first use, so a file with no
    unknown ids pays nothing and each look-up compares only against ids of a similar length."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = words
        self.by_length: dict[int, list[str]] | None = None
        self.budget = MAX_SUGGESTIONS

    def hint(self, word: str) -> str:
        if self.budget <= 0:
            return ""
        self.budget -= 1
        if self.by_length is None:
            self.by_length = {}
            for candidate in self.words:
                self.by_length.setdefault(len(candidate), []).append(candidate)
        near = [w for n in range(len(word) - 2, len(word) + 3) for w in self.by_length.get(n, ())]
        match = difflib.get_close_matches(word, near, n=1, cutoff=0.75)
        if not match:
            lowered = word.lower()
            match = [w for w in near if w.lower() == lowered][:1]
        if not match and len(word) >= 3:
            match = sorted(w for w in self.words if w.startswith(word))[:1]
        return f" (did you mean {match[0]!r}?)" if match else ""


def suggestion(word: str, candidates: Sequence[str]) -> str:
    return Suggester(candidates).hint(word)
