"""Backstage catalogs → plain org data (DESIGN §1.6): `kind: Group` entities become units and
`kind: User` entities people. A file may hold several documents; a folder is read file by file.

Inconsistencies are warnings with their file and line: a group naming a parent that does not
list it as a child (or the other way round), a member or group that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from orgmodel.check.result import Issue
from orgmodel.errors import InputError
from orgmodel.formats.locate import SourceMap
from orgmodel.formats.parse import Parsed
from orgmodel.formats.registry import Format, extensions_of
from orgmodel.formats.source import Source, decode_utf8, read_sources
from orgmodel.formats.yaml import YamlSourceMap, load_yaml_documents

CATALOG_SUFFIXES = tuple(extensions_of({Format.yaml}))


@dataclass
class _Entity:
    kind: str
    name: str
    spec: dict[str, Any]
    metadata: dict[str, Any]
    file: str
    document: int
    source_map: YamlSourceMap

    def issue(self, message: str, *where: str | int) -> Issue:
        place = self.source_map.locate(where) or (1, 1)
        return Issue(
            "warning",
            "backstage",
            f"{message} ({self.kind.lower()} {self.name!r}, document {self.document})",
            line=place[0],
            column=place[1],
            source=self.file,
        )


@dataclass
class _Catalog:
    groups: dict[str, _Entity] = field(default_factory=dict)
    users: dict[str, _Entity] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ref(value: Any) -> str | None:
    """An entity reference's name: `group:default/team-a`, `default/team-a` and `team-a` all
    name team-a."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip().split(":", 1)[-1]
    return name.rsplit("/", 1)[-1]


def _refs(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [ref for item in items if (ref := _ref(item)) is not None]


def read_backstage(spec: str, name: str | None = None, stdin: BinaryIO | None = None) -> Parsed:
    """A catalog file, a folder of them, `-` or `REV:PATH`, read like every other input (and
    within the same limits), as org data with warnings about its inconsistencies."""
    return parse_backstage(spec, read_sources(spec, CATALOG_SUFFIXES, Format.yaml, stdin), name)


def parse_backstage(spec: str, sources: Sequence[Source], name: str | None = None) -> Parsed:
    """The catalog held by `sources` (the files of `spec`) as org data. The data is built, not
    read, so it has no positions of its own: each warning names its own file and line."""
    catalog = _read(sources)
    if not catalog.groups and not catalog.users:
        raise InputError("no kind: Group or kind: User entities found", file=spec)
    data = _org(catalog, name or _default_name(spec, sources))
    if len(sources) == 1 and sources[0].name == spec:
        source = sources[0]
    else:  # a folder has no bytes of its own
        source = Source(spec, b"", Format.yaml, Path(spec))
    return Parsed(source, data, SourceMap(), catalog.issues)


def _default_name(spec: str, sources: Sequence[Source]) -> str:
    """The file's or folder's name without its extension (for `REV:PATH`, the path's)."""
    if spec == "-":
        return "catalog"
    if len(sources) == 1 and sources[0].path is None:
        spec = spec.partition(":")[2]
    return Path(spec).stem or "catalog"


def _read(sources: Sequence[Source]) -> _Catalog:
    catalog = _Catalog()
    for source in sources:
        name = source.name
        documents = load_yaml_documents(decode_utf8(source.data, name), name)
        for index, (doc, source_map, issues) in enumerate(documents, start=1):
            catalog.issues.extend(
                Issue("warning", i.code, i.message, line=i.line, column=i.column, source=name)
                for i in issues
            )
            if not isinstance(doc, dict) or doc.get("kind") not in ("Group", "User"):
                continue
            metadata = _mapping(doc.get("metadata"))
            spec = _mapping(doc.get("spec"))
            entity = _Entity(
                doc["kind"], str(metadata.get("name", "")), spec, metadata, name, index, source_map
            )
            if not entity.name:
                catalog.issues.append(entity.issue("entity without metadata.name is skipped"))
                continue
            bucket = catalog.groups if entity.kind == "Group" else catalog.users
            if entity.name in bucket:
                catalog.issues.append(
                    entity.issue(
                        f"defined again (first in {bucket[entity.name].file}, document "
                        f"{bucket[entity.name].document}); skipped"
                    )
                )
                continue
            bucket[entity.name] = entity
    return catalog


def _display_name(entity: _Entity) -> str:
    profile = entity.spec.get("profile")
    shown = profile.get("displayName") if isinstance(profile, dict) else None
    return shown if isinstance(shown, str) and shown.strip() else entity.name


def _email(entity: _Entity) -> dict[str, str]:
    profile = entity.spec.get("profile")
    email = profile.get("email") if isinstance(profile, dict) else None
    return {"email": email} if isinstance(email, str) and email else {}


def _org(catalog: _Catalog, title: str) -> dict[str, Any]:
    """Units from groups, people from users; what does not fit is a warning in catalog.issues.
    Every list is indexed once, so a large catalog costs time in proportion to its size."""
    issues = catalog.issues
    groups, users = catalog.groups, catalog.users
    children = {g.name: set(_refs(g.spec.get("children"))) for g in groups.values()}
    parent: dict[str, str] = {}
    for group in groups.values():
        declared = _ref(group.spec.get("parent"))
        if declared is None:
            continue
        if declared not in groups:
            issues.append(group.issue(f"parent {declared!r} is not a group here", "spec", "parent"))
            continue
        parent[group.name] = declared
        if group.name not in children[declared]:
            issues.append(
                group.issue(
                    f"names {declared!r} as its parent, but {declared!r} does not list it in "
                    "spec.children",
                    "spec",
                    "parent",
                )
            )
    for group in groups.values():
        for child in _refs(group.spec.get("children")):
            if child not in groups:
                issues.append(
                    group.issue(f"child {child!r} is not a group here", "spec", "children")
                )
            elif parent.get(child) != group.name:
                declared = parent.get(child)
                also = f" (it names {declared!r})" if declared else ""
                issues.append(
                    group.issue(
                        f"lists {child!r} in spec.children, but {child!r} does not name it as "
                        f"its parent{also}",
                        "spec",
                        "children",
                    )
                )
                parent.setdefault(child, group.name)
    _break_cycles(parent, groups, issues)

    members: dict[str, list[str]] = {g: [] for g in groups}
    for group in groups.values():
        for member in _refs(group.spec.get("members")):
            if member in users:
                members[group.name].append(member)
            else:
                issues.append(
                    group.issue(f"member {member!r} is not a user here", "spec", "members")
                )
    listed_in = {g: set(ids) for g, ids in members.items()}
    home: dict[str, str] = {}
    for user in users.values():
        for group_name in _refs(user.spec.get("memberOf")):
            if group_name not in groups:
                issues.append(
                    user.issue(f"memberOf {group_name!r} is not a group here", "spec", "memberOf")
                )
                continue
            home.setdefault(user.name, group_name)
            if user.name not in listed_in[group_name]:
                listed_in[group_name].add(user.name)
                members[group_name].append(user.name)
    groups_of: dict[str, list[str]] = {}  # each user's groups, in catalog order
    for group_name, ids in members.items():
        for member in dict.fromkeys(ids):
            groups_of.setdefault(member, []).append(group_name)

    people = []
    for user in users.values():
        person: dict[str, Any] = {"id": user.name, "name": _display_name(user)}
        listed = groups_of.get(user.name, [])
        if len(listed) > 1:  # several groups: the first memberOf (or listing) is home
            person["home"] = home.get(user.name, listed[0])
        if attrs := _email(user):
            person["attrs"] = attrs
        people.append(person)

    nodes: dict[str, dict[str, Any]] = {}
    for group in groups.values():
        node: dict[str, Any] = {"id": group.name, "name": _display_name(group)}
        if isinstance(group.spec.get("type"), str):
            node["kind"] = group.spec["type"]
        if isinstance(group.metadata.get("description"), str):
            node["description"] = group.metadata["description"]
        if members[group.name]:
            node["members"] = members[group.name]
        if attrs := _email(group):
            node["attrs"] = attrs
        nodes[group.name] = node
    roots: list[dict[str, Any]] = []
    for group_name, node in nodes.items():
        above = parent.get(group_name)
        if above is None:
            roots.append(node)
        else:
            nodes[above].setdefault("units", []).append(node)
    return {"name": title, "people": people, "units": roots}


def _break_cycles(parent: dict[str, str], groups: dict[str, _Entity], issues: list[Issue]) -> None:
    """A group that is its own ancestor through parents becomes a top group, with a warning.
    Each group is walked up from once: a walk stops at a group an earlier walk reached, whose
    way to the top is already known to end."""
    done: set[str] = set()
    for start in list(parent):
        seen = {start}
        current = parent.get(start)
        while current is not None and current not in done:
            if current in seen:
                issues.append(
                    groups[current].issue("is its own ancestor through spec.parent; made a top")
                )
                parent.pop(current, None)
                break
            seen.add(current)
            current = parent.get(current)
        done |= seen
