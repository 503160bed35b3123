"""YAML → plain data, strictly: YAML 1.2 scalars, no duplicate keys, bounded aliases, node marks.

PyYAML composes the node graph (in C when libyaml is there); we construct the Python values
ourselves instead of using its SafeConstructor, which is both slow and YAML 1.1 (`NO` → False,
`2025-12-31` → date, duplicate keys silently kept). The node graph is kept as the source map, so
a location is only looked up when there is something to report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from orgmodel.check.result import Issue
from orgmodel.errors import InputError, Path
from orgmodel.formats.limits import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    TOO_DEEP,
    NumberError,
    finite,
    integer,
    not_finite,
    recursion_room,
)
from orgmodel.formats.locate import SourceMap

try:
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False

# Documented limit (README "Limits"; the depth and number limits are in `limits`): aliases are
# allowed, but a document to which they would add more than MAX_EXPANDED_NODES values ("billion
# laughs") is refused before it is expanded. A mapping weighs MAPPING_WEIGHT values besides its
# entries: it becomes a model object, whose cost is many times a value's, so that the bound holds
# what a document may cost and not only its count of values.
MAX_EXPANDED_NODES = 1_000_000
MAPPING_WEIGHT = 16

_PLAIN = "?plain"
_STR = "tag:yaml.org,2002:str"
_STD = "tag:yaml.org,2002:"
_MAP = _STD + "map"
_SEQ = _STD + "seq"

# YAML 1.2 core schema, with integers written as JSON does: `0123` stays a string, so employee
# numbers keep their leading zeros.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
# Only a plain scalar starting with one of these can be anything but a string.
_MAYBE_NOT_STR = frozenset("0123456789+-.~ntfNTF")


class _Resolver:
    """Tags nodes cheaply: plain scalars are resolved later, by `plain_scalar`."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _STD + ("map" if kind is MappingNode else "seq")

    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass


if HAVE_LIBYAML:

    class _Composer(_Parser, _Resolver):
        pass

else:  # pragma: no cover

    class _Composer(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            self.depth = 0

        def compose_node(self, parent: Node | None, index: Any) -> Node | None:
            # The pure-Python composer recurses and has no depth limit: libyaml's, with a mark.
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise yaml.composer.ComposerError(
                        None, None, "exceeded maximum nesting depth", mark
                    )
                return yaml.composer.Composer.compose_node(self, parent, index)
            finally:
                self.depth -= 1


def plain_scalar(text: str) -> Any:
    """The value of a plain scalar, YAML 1.2 core schema. NumberError for a number that could
    not be written back (NaN, an infinity, an integer too long)."""
    if not text or text[0] in _MAYBE_NOT_STR:
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return int(text) if len(text) <= MAX_INT_DIGITS else integer(text)
        if _INT_OTHER.match(text):
            return integer(text, 0)
        if _FLOAT.match(text):
            return finite(float(text), text)
        if text in _SPECIAL_FLOATS:
            raise not_finite(text)
    return text


def reads_as_string(text: str) -> bool:
    """Whether `text`, written plain, would be read back as that string."""
    try:
        return type(plain_scalar(text)) is str
    except NumberError:  # a number, if one we refuse
        return False


def _scalar(node: ScalarNode, file: str) -> Any:
    try:
        if node.tag == _PLAIN:
            return plain_scalar(node.value)
        return _tagged_scalar(node, file)
    except NumberError as exc:
        raise _error(node, file, str(exc)) from None


def _tagged_scalar(node: ScalarNode, file: str) -> Any:
    tag = node.tag
    text: str = node.value
    if tag == _STR or tag == "!":
        return text
    value = plain_scalar(text)
    kind = tag[len(_STD) :] if tag.startswith(_STD) else None
    wanted = {"null": type(None), "bool": bool, "int": int, "float": float}.get(kind or "")
    if wanted is float and type(value) is int:
        return float(value)
    if wanted is not None and type(value) is wanted:
        return value
    raise _error(node, file, f"tag {_shown_tag(tag)} is not allowed here (value {text!r})")


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _error(node: Node, file: str, message: str) -> InputError:
    mark = node.start_mark
    return InputError(message, file=file, line=mark.line + 1, column=mark.column + 1)


class _Builder:
    """Builds Python values from nodes, iteratively, so that any depth up to MAX_DEPTH builds
    whatever the caller's stack. With `track_aliases`, a node met again (an alias) reuses the
    value built for it, and what the aliases add to the document is weighed and bounded."""

    def __init__(self, file: str, track_aliases: bool, max_depth: int = MAX_DEPTH) -> None:
        self.file = file
        self.track = track_aliases
        self.max_depth = max_depth
        self.seen: dict[int, tuple[Any, int, int]] = {}  # node id -> value, weight, levels
        self.added = 0  # the weight aliases have added so far
        self.issues: list[Issue] = []

    def build(self, root: Node) -> Any:
        if root.__class__ is ScalarNode:
            return _scalar(root, self.file)
        top = self._open(root, 1)
        stack = [top]
        track, seen, file = self.track, self.seen, self.file
        while stack:
            # A frame: [node, value, children left, weight so far, depth, is a mapping, levels
            # below it (kept with aliases only, so that a deep value reused deeper is refused)].
            frame = stack[-1]
            value, children, depth, is_map = frame[1], frame[2], frame[4], frame[5]
            weight = 0
            opened = None
            child: Node = frame[0]
            try:
                for key, child in children:
                    if is_map:
                        if key.__class__ is not ScalarNode:
                            raise _error(key, file, "mapping keys must be plain strings")
                        key_node, key = key, key.value
                        if key in value:
                            self.issues.append(_duplicate_key(frame[0], key_node))
                            continue  # the first one stands, as in the rest of the file's reading
                        weight += 1
                    if child.__class__ is ScalarNode:
                        if child.tag == _PLAIN:
                            value[key] = plain_scalar(child.value)
                        else:
                            value[key] = _tagged_scalar(child, file)
                        weight += 1
                    elif track and id(child) in seen:
                        value[key], child_weight, levels = seen[id(child)]
                        if depth + levels > self.max_depth:
                            raise _error(frame[0], file, TOO_DEEP)
                        frame[6] = max(frame[6], levels)
                        weight += child_weight
                        self._added(child_weight, frame[0])
                    else:
                        opened = self._open(child, depth + 1)
                        value[key] = opened[1]  # filled in place, once its own frame is done
                        break
            except NumberError as exc:
                raise _error(child, file, str(exc)) from None
            frame[3] += weight
            if opened is not None:
                stack.append(opened)
                continue
            stack.pop()
            if track:
                seen[id(frame[0])] = (value, frame[3], frame[6] + 1)
            if stack:
                parent = stack[-1]
                parent[3] += frame[3]
                if track and frame[6] >= parent[6]:
                    parent[6] = frame[6] + 1
        return top[1]

    def _open(self, node: Node, depth: int) -> list[Any]:
        if depth > self.max_depth:
            raise _error(node, self.file, TOO_DEEP)
        if node.tag == _MAP:
            return [node, {}, iter(node.value), MAPPING_WEIGHT, depth, True, 0]
        if node.tag == _SEQ:
            return [node, [None] * len(node.value), enumerate(node.value), 1, depth, False, 0]
        raise _error(node, self.file, f"tag {_shown_tag(node.tag)} is not allowed")

    def _added(self, weight: int, where: Node) -> None:
        self.added += weight
        if self.added > MAX_EXPANDED_NODES:
            raise _error(
                where,
                self.file,
                f"aliases expand this document by more than {MAX_EXPANDED_NODES:,} values "
                f"(a mapping counts as {MAPPING_WEIGHT}; an alias bomb?); "
                "write the values out instead",
            )


def _duplicate_key(mapping: Node, key_node: Node) -> Issue:
    first = next(k for k, _ in mapping.value if k.value == key_node.value)
    mark = key_node.start_mark
    return Issue(
        "error",
        "duplicate-key",
        f"duplicate key {key_node.value!r} (first at line {first.start_mark.line + 1})",
        line=mark.line + 1,
        column=mark.column + 1,
    )


@contextmanager
def _read_errors(file: str, text: str) -> Iterator[None]:
    """PyYAML's errors as located InputErrors."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        if "nesting depth" in problem:
            problem = TOO_DEEP
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise InputError(
            f"YAML syntax: {problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise InputError(
            f"YAML: character #x{exc.character:04x} is not allowed: {exc.reason}",
            file=file,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "not valid YAML"
        raise InputError(f"YAML syntax: {first}", file=file) from None
    except RecursionError:  # only the pure-Python parser recurses
        raise InputError(TOO_DEEP, file=file) from None


def _nodes(text: str, file: str, single: bool) -> list[Node]:
    composer = _Composer(text)
    try:
        # Only the pure-Python composer recurses, three frames a level, up to MAX_DEPTH levels.
        with _read_errors(file, text), recursion_room(0 if HAVE_LIBYAML else 4 * MAX_DEPTH):
            if single:
                node: Node | None = composer.get_single_node()
                return [] if node is None else [node]
            nodes: list[Node] = []
            while composer.check_node():
                document = composer.get_node()
                if document is not None:
                    nodes.append(document)
            return nodes
    finally:
        dispose = getattr(composer, "dispose", None)
        if dispose is not None:
            dispose()


def compose(text: str, file: str) -> Node | None:
    """Parse YAML text into its node graph (None for an empty document)."""
    nodes = _nodes(text, file, single=True)
    return nodes[0] if nodes else None


def load_yaml_documents(text: str, file: str) -> list[tuple[Any, YamlSourceMap, list[Issue]]]:
    """Every document of a multi-document stream (`---`), each read like `load_yaml`."""
    out = []
    builder = _Builder(file, track_aliases="*" in text)  # one alias bound for the stream
    for node in _nodes(text, file, single=False):
        builder.issues = []
        out.append((builder.build(node), YamlSourceMap(node), builder.issues))
    return out


def load_yaml(
    text: str, file: str, max_depth: int = MAX_DEPTH
) -> tuple[Any, YamlSourceMap, list[Issue]]:
    """YAML text → (plain data, source map, duplicate keys found). Raises InputError for anything
    that cannot be read as a document, or that nests deeper than `max_depth` (less than the
    limit for a part of a larger document)."""
    node = compose(text, file)
    if node is None:
        return None, YamlSourceMap(None), []
    builder = _Builder(file, track_aliases="*" in text, max_depth=max_depth)
    return builder.build(node), YamlSourceMap(node), builder.issues


class YamlSourceMap(SourceMap):
    """Finds the line and column of a path by walking the kept node graph."""

    def __init__(self, root: Node | None) -> None:
        self.root = root

    def locate(self, path: Path) -> tuple[int, int] | None:
        node = self.root
        if node is None:
            return None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def locate_key(self, path: Path) -> tuple[int, int] | None:
        """The position of the key itself (for unknown keys), not of its value."""
        if not path:
            return self.locate(path)
        parent_path, last = path[:-1], path[-1]
        parent = self.root
        for part in parent_path:
            if parent is None:
                break
            parent = _child(parent, part)
        if isinstance(parent, MappingNode):
            for key_node, _ in parent.value:
                if key_node.value == last:
                    mark = key_node.start_mark
                    return mark.line + 1, mark.column + 1
        return self.locate(path)


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None
