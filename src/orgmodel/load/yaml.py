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

from orgmodel.errors import InputError, Path
from orgmodel.gcpause import gc_paused
from orgmodel.issues import Issue
from orgmodel.load.locate import SourceMap

try:
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False

# Documented limits (README "Limits"): libyaml itself stops at 1,000 levels of nesting; we set the
# same bound for the pure-Python parser. Aliases are allowed, but a document whose aliases would
# expand it past MAX_EXPANDED_NODES values ("billion laughs") is refused before it is expanded.
MAX_DEPTH = 1000
MAX_EXPANDED_NODES = 10_000_000

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


def plain_scalar(text: str) -> Any:
    if not text or text[0] in _MAYBE_NOT_STR:
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return int(text)
        if _INT_OTHER.match(text):
            return int(text, 0)
        if _FLOAT.match(text):
            return float(text)
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
    return text


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
    """Builds Python values from nodes. With `track_aliases`, a node met again (an alias) reuses
    the value built for it, and the size the document would have once expanded is bounded."""

    def __init__(self, file: str, track_aliases: bool) -> None:
        self.file = file
        self.track = track_aliases
        self.seen: dict[int, tuple[Any, int]] = {}
        self.issues: list[Issue] = []

    def build(self, node: Node, depth: int = 0) -> Any:
        return self._build(node, depth)[0]

    def _build(self, node: Node, depth: int) -> tuple[Any, int]:
        cls = node.__class__
        if cls is ScalarNode:
            if node.tag == _PLAIN:
                return plain_scalar(node.value), 1
            return _tagged_scalar(node, self.file), 1  # type: ignore[arg-type]
        if self.track and id(node) in self.seen:
            return self.seen[id(node)]
        if depth > MAX_DEPTH:
            raise _error(node, self.file, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in (_MAP, _SEQ):
            raise _error(node, self.file, f"tag {_shown_tag(node.tag)} is not allowed")
        size = 1
        value: Any
        if cls is MappingNode:
            value = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode:
                    raise _error(key_node, self.file, "mapping keys must be plain strings")
                key_text = key_node.value
                if key_text in value:
                    self.issues.append(_duplicate_key(node, key_node))
                    continue  # the first one stands, as in the rest of the file's reading
                value[key_text], child_size = self._build(value_node, depth + 1)
                size += child_size
        else:
            value = []
            for item in node.value:
                item_value, child_size = self._build(item, depth + 1)
                value.append(item_value)
                size += child_size
        if self.track:
            if size > MAX_EXPANDED_NODES:
                raise _error(
                    node,
                    self.file,
                    f"aliases expand this document past {MAX_EXPANDED_NODES:,} nodes "
                    "(an alias bomb?); write the values out instead",
                )
            self.seen[id(node)] = (value, size)
        return value, size


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
            problem = f"nested more than {MAX_DEPTH} levels deep"
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
    except RecursionError:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep", file=file) from None


def _nodes(text: str, file: str, single: bool) -> list[Node]:
    composer = _Composer(text)
    try:
        with _read_errors(file, text):
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
    with gc_paused():
        out = []
        for node in _nodes(text, file, single=False):
            builder = _Builder(file, track_aliases="*" in text)
            out.append((builder.build(node), YamlSourceMap(node), builder.issues))
        return out


def load_yaml(text: str, file: str) -> tuple[Any, YamlSourceMap, list[Issue]]:
    """YAML text → (plain data, source map, duplicate keys found). Raises InputError for anything
    that cannot be read as a document."""
    with gc_paused():
        node = compose(text, file)
        if node is None:
            return None, YamlSourceMap(None), []
        builder = _Builder(file, track_aliases="*" in text)
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
