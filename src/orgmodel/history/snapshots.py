"""Loading the blobs of a history. Consecutive versions of an org file differ in a few lines, and
reading YAML dominates the walk (a 1,000-person file: 17.5 ms to parse, 3 ms to check), so a
YAML blob in plain block style is read by parts: each top-level key, each person and each unit
(apart from its child units, read the same way) is parsed on its own by the one YAML reader and
kept by its text; a part the previous blob held is not parsed again, and each person is checked
once. The parts make exactly the document the whole file makes, or the blob is read as every
input is (`load_source`), which also gives the located errors of one that does not load. Over
500 commits of a 1,000-person org (bench/history_bench.py) the history took 3.6 s by parts,
against 15.5 s read whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from pydantic import ValidationError

from orgmodel.errors import InputError
from orgmodel.formats.limits import MAX_DEPTH
from orgmodel.formats.locate import SourceMap
from orgmodel.formats.parse import Parsed
from orgmodel.formats.registry import Format
from orgmodel.formats.source import Source, decode_utf8
from orgmodel.formats.yaml import load_yaml
from orgmodel.model import Person
from orgmodel.pipeline import LoadedOrg, load_source, validate_parsed

# A top-level key starts a line with anything but a space, a comment or a sequence dash.
_SECTION = re.compile(r"^[^\s#\-]", re.MULTILINE)
# What the parts cannot reproduce, so the whole file is read: directives and document markers
# (several documents), and aliases (which may point into another part, and whose expansion is
# bounded over the whole document).
_WHOLE_ONLY = re.compile(r"^(?:%|---|\.\.\.)", re.MULTILINE)
# The lists read item by item: people, and units (and their child units, in turn).
_LIST_HEADER = re.compile(r"(people|units):[ \t]*(?:#[^\n]*)?\n")
_FIRST_ITEM = re.compile(r"^( *)-(?:[ \n]|\Z)", re.MULTILINE)
_ONLY_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?(?:\n|\Z))*\Z")
_FAILED = object()
_MISSING = object()


def _only(part: Any) -> Any:
    """The item of a part that is one item of a sequence, or _FAILED."""
    return part[0] if isinstance(part, list) and len(part) == 1 else _FAILED


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common beginning of `a` and `b`, by halving (each comparison is
    one memcmp: 17 of them for a 100 kB file, not a loop over its characters)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, most: int) -> int:
    """The length of the longest common end of `a` and `b`, at most `most`."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


class SnapshotLoader:
    """Loads blob after blob, keeping the parsed parts of the last YAML one by their text (only
    the last: a history is walked in order, and every part of every blob would not fit)."""

    def __init__(self) -> None:
        # Parsed parts by their text (the people by the text of all of them, too): of the last
        # blob read by parts, and of the one being read.
        self.parts: dict[object, Any] = {}
        self.reading: dict[object, Any] = {}
        # Each person of the last blob as a checked model, by the identity of its kept part.
        self.people: dict[int, tuple[dict[str, Any], Person]] = {}
        self.last: tuple[list[Any] | None, list[Person]] = (None, [])  # the last people, checked
        # The top-level lists of the last blob: text, indentation, first item, starts, values.
        self.lists: dict[str, tuple[str, str, int, list[int], list[Any]]] = {}

    def load(self, source: Source) -> LoadedOrg:
        """The org of `source`, as `load_source` gives it (and its errors when it does not)."""
        if source.format is Format.yaml:
            loaded = self._by_parts(source)
            if loaded is not None:
                return loaded
        return load_source(source)

    def _by_parts(self, source: Source) -> LoadedOrg | None:
        try:
            text = decode_utf8(source.data, source.name)
        except InputError:
            return None
        if "*" in text or _WHOLE_ONLY.search(text):
            return None
        data = self.document(text)
        if data is None:
            return None
        people = self._persons(data.get("people"))
        if people is not None:
            data = {**data, "people": people}
        result = validate_parsed(Parsed(source, data, SourceMap()), warnings=False)
        if result.errors or result.org is None or result.structure is None:
            # Checking patches what it cannot read, in place: these parts are spoilt.
            self.parts, self.people, self.last, self.lists = {}, {}, (None, []), {}
            return None
        return LoadedOrg(result.file, result.org, result.structure)

    def _persons(self, items: Any) -> list[Person] | None:
        """The people as checked models, each checked once while its part is kept (checking
        1,000 people takes 3 ms; an org given models takes 0.3 ms). None when one is not a
        person, for the whole org's check to say why."""
        if not isinstance(items, list):
            return None
        if items is self.last[0]:  # the people's text did not change: nor did they
            return self.last[1]
        kept, self.people = self.people, {}
        persons = []
        for item in items:
            found = kept.get(id(item))
            if found is None or found[0] is not item:
                if not isinstance(item, dict):
                    return None
                try:
                    found = item, Person.model_validate(item)
                except ValidationError:
                    return None
            self.people[id(item)] = found
            persons.append(found[1])
        self.last = items, persons
        return persons

    def document(self, text: str) -> dict[str, Any] | None:
        """The document `text` holds, put together from its parts; None when it cannot be."""
        self.reading = {}
        data = self._sections(text)
        self.parts, self.reading = self.reading, {}
        return data

    def _sections(self, text: str) -> dict[str, Any] | None:
        starts = [found.start() for found in _SECTION.finditer(text)]
        if not starts or not _ONLY_COMMENTS.match(text, 0, starts[0]):
            return None
        data: dict[str, Any] = {}
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            section = text[start:end]
            header = _LIST_HEADER.match(section)
            if header is not None and _FIRST_ITEM.search(section, header.end()):
                key = header[1]
                value = self._kept(
                    (key, section), partial(self._listed, key, section, header.end())
                )
                if value is _FAILED:
                    return None
            else:
                part = self._part(section, MAX_DEPTH)
                if not isinstance(part, dict) or len(part) != 1:
                    return None
                ((key, value),) = part.items()
            if key in data:
                return None  # a duplicate key: the whole file says where
            data[key] = value
        return data

    def _kept(self, key: object, read: Callable[[], Any]) -> Any:
        """What `read` makes of the part `key` names, or what it made for the last blob when
        that held the same part; the parts read inside it stay kept too, for the next blob that
        changes one of them (a move of one person changes the text of every unit above)."""
        found = self.parts.get(key, _MISSING)
        if found is _MISSING:
            before = len(self.reading)
            value = read()
            found = value, dict(itertools.islice(self.reading.items(), before, None))
        else:
            self.reading.update(found[1])
        self.reading[key] = found
        return found[0]

    def _items(self, text: str, start: int, depth: int) -> Any:
        """The block sequence from `start` on, item by item (each at the indentation of the
        first), the sequence `depth` levels down the whole file (its items have one level less
        room than read alone); or _FAILED."""
        first = _FIRST_ITEM.search(text, start)
        if first is None or not _ONLY_COMMENTS.match(text, start, first.start()):
            return _FAILED
        split = self._split(text, first.start(), len(text), first[1], depth)
        return split if split is _FAILED else split[1]

    def _split(self, text: str, begin: int, end: int, indent: str, depth: int) -> Any:
        """The items of `text[begin:end]`, which starts with one: their starts and values, or
        _FAILED."""
        # Every line at the items' indentation or less starts an item (or is a comment).
        outside = rf"^(?: {{0,{len(indent) - 1}}}[^ \n#]|{indent}(?!-(?:[ \n]|\Z))[^ \n#])"
        pattern = re.compile(outside if indent else r"^[^ \n#-]", re.MULTILINE)
        if pattern.search(text, begin, end):
            return _FAILED
        item = re.compile(rf"^{indent}-(?:[ \n]|\Z)", re.MULTILINE)
        starts = [found.start() for found in item.finditer(text, begin, end)]
        if not starts or starts[0] != begin:
            return _FAILED
        items = []
        for start, stop in zip(starts, [*starts[1:], end], strict=True):
            chunk = text[start:stop]
            if "units:" in chunk:  # put together from parts, each kept
                value = self._kept(("item", chunk), partial(self._item, chunk, len(indent), depth))
            else:  # one part (a person): kept as it is
                value = _only(self._part(chunk, MAX_DEPTH - depth + 1))
            if value is _FAILED:
                return _FAILED
            items.append(value)
        return starts, items

    def _listed(self, key: str, text: str, start: int) -> Any:
        """A top-level list (`people`, `units`) item by item; where the last blob's list had the
        same text before and after a change, its items are taken as they were, and only those
        the change touches are split and looked up (editing one of 1,000 people: 0.2 ms, not
        2 ms)."""
        first = _FIRST_ITEM.search(text, start)
        if first is None or not _ONLY_COMMENTS.match(text, start, first.start()):
            return _FAILED
        indent, begin = first[1], first.start()
        last = self.lists.pop(key, None)
        found: Any = _FAILED
        if last is not None and last[1] == indent and last[2] == begin:
            found = self._respliced(text, last, indent)
        if found is _FAILED:
            found = self._split(text, begin, len(text), indent, 2)
        if found is not _FAILED:
            self.lists[key] = (text, indent, begin, *found)
        return found if found is _FAILED else found[1]

    def _respliced(self, text: str, last: tuple[Any, ...], indent: str) -> Any:
        """The items of `text` from the last blob's list `last`, with the items between the
        common beginning and the common end of the two texts split again."""
        before, _, begin, starts, values = last
        same_start = _common_prefix(before, text)
        same_end = _common_suffix(before, text, min(len(before), len(text)) - same_start)
        shift = len(text) - len(before)
        ends = [*starts[1:], len(before)]
        head = 0  # items wholly in the common beginning
        while head < len(starts) and ends[head] <= same_start:
            head += 1
        tail = len(starts)  # items wholly in the common end, and after a line break in it
        while tail > head and starts[tail - 1] > len(before) - same_end:
            tail -= 1
        if head == 0 and begin > same_start:
            return _FAILED  # the change reaches the lines before the items
        middle_begin = starts[head] if head < len(starts) else len(before)
        middle_end = starts[tail] + shift if tail < len(starts) else len(text)
        middle: Any = ([], [])
        if middle_begin < middle_end:
            middle = self._split(text, middle_begin, middle_end, indent, 2)
            if middle is _FAILED:
                return _FAILED
        return (
            [*starts[:head], *middle[0], *(start + shift for start in starts[tail:])],
            [*values[:head], *middle[1], *values[tail:]],
        )

    def _item(self, chunk: str, indent: int, depth: int) -> Any:
        """One item, a mapping whose child units (a block sequence under its `units:` key, its
        last key) are read item by item in turn; any other item whole."""
        keys = " " * (indent + 2)
        header = None
        if chunk.startswith(keys[:indent] + "- ") and chunk[indent + 2 : indent + 3] != " ":
            header = re.search(rf"^{keys}units:[ \t]*(?:#[^\n]*)?\n", chunk, re.MULTILINE)
        if header is not None:
            head = self._part(chunk[: header.start()], MAX_DEPTH - depth + 1)
            children = self._items(chunk, header.end(), depth + 2)
            whole_head = isinstance(head, list) and len(head) == 1 and isinstance(head[0], dict)
            if whole_head and "units" not in head[0] and children is not _FAILED:
                return {**head[0], "units": children}
        return _only(self._part(chunk, MAX_DEPTH - depth + 1))

    def _part(self, text: str, room: int) -> Any:
        """`text` parsed on its own (or _FAILED), kept for the next blob that holds it; read with
        the `room` for nesting it has in the whole file."""
        found = self.parts.get(text, _MISSING)
        if found is _MISSING:
            try:
                value, _, issues = load_yaml(text, "<part>", max_depth=room)
            except InputError:
                value, issues = _FAILED, []
            found = _FAILED if issues else value
        self.reading[text] = found
        return found
