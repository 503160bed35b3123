"""The fuzzer's inputs: byte-level edits of a file (bench/fuzz_bytes.py), and structural edits of
its parsed tree dumped back as YAML, JSON or CSV. Everything is a function of a `random.Random`,
so a seed and an input's number always give the same bytes."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from fuzz_bytes import BIDI, BYTE_MUTATIONS

EXTENSIONS = {"yaml": ("yaml", "yml"), "json": ("json",), "csv": ("csv",)}


@dataclass(frozen=True)
class Seed:
    """A corpus file."""

    path: str
    format: str
    data: bytes


@dataclass(frozen=True)
class Mutant:
    data: bytes
    format: str
    origin: str  # the corpus file and the mutations, for people
    base: str  # the corpus file, the other side of `diff`


# ---- structural ------------------------------------------------------------------------------

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, float("nan"), float("inf"), -float("inf"), 10**30, 10**300,
    "", " ", "x" * 100_000, "\u202eevil", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a\x00b", "\ud800", [], {}, [[[]]],
    {"a": {"b": {}}}, "2026-02-30", "<b>x</b>", "{a}", "\\N", "line\nbreak", "-", "null",
    1e308, "id with space", "ü" * 300, "\t", "a:b", "#x", "&a", "\\", '"', "'",
]  # fmt: skip
KEYS = ["id", "name", "title", "manager", "dotted", "lead", "members", "units", "home", "vacant",
        "overlay", "spans", "formerly", "interactions", "from", "to", "mode", "kind", "function",
        "topology", "url", "tags", "attrs", "assistant", "as_of", "orgmodel", "people",
        "description"]  # fmt: skip


def _containers(tree: Any) -> list[Any]:
    """Every dict and list in the tree, iteratively (a deep tree must not stop the fuzzer)."""
    found, stack, seen = [], [tree], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))  # YAML aliases share nodes: each is visited once
        found.append(node)
        stack.extend(node.values() if isinstance(node, dict) else node)
    return found


def _expanded_size(tree: Any, limit: int) -> int:
    """How many values the tree has with shared nodes counted each time, up to `limit` (an alias
    bomb in the corpus must go to the byte mutations, not be written out in full)."""
    count, stack = 0, [tree]
    while stack and count < limit:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def _entries(tree: Any, key: str) -> list[dict[str, Any]]:
    """Dicts that have `key` (people and units have an `id`)."""
    return [n for n in _containers(tree) if isinstance(n, dict) and key in n]


def _odd(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(ODD_VALUES))


def _ids(tree: Any) -> list[Any]:
    return [n["id"] for n in _entries(tree, "id")] or ["x"]


def s_drop_key(rng: random.Random, tree: Any) -> None:
    dicts = [n for n in _containers(tree) if isinstance(n, dict) and n]
    if dicts:
        node = rng.choice(dicts)
        del node[rng.choice(list(node))]


def s_rename_key(rng: random.Random, tree: Any) -> None:
    dicts = [n for n in _containers(tree) if isinstance(n, dict) and n]
    if dicts:
        node = rng.choice(dicts)
        old = rng.choice(list(node))
        new = rng.choice([*KEYS, str(old).upper(), f"{old}s", f" {old}", "", "ïd", "attrs.x", "1"])
        node[new] = node.pop(old)


def s_change_type(rng: random.Random, tree: Any) -> None:
    nodes = [n for n in _containers(tree) if n]
    if nodes:
        node = rng.choice(nodes)
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        node[key] = _odd(rng)


def s_add_key(rng: random.Random, tree: Any) -> None:
    dicts = [n for n in _containers(tree) if isinstance(n, dict)]
    if dicts:
        rng.choice(dicts)[rng.choice(KEYS)] = rng.choice([_odd(rng), rng.choice(_ids(tree))])


def s_duplicate_item(rng: random.Random, tree: Any) -> None:
    lists = [n for n in _containers(tree) if isinstance(n, list) and n]
    if lists:
        node = rng.choice(lists)
        node.insert(rng.randrange(len(node) + 1), copy.deepcopy(rng.choice(node)))


def s_swap_ids(rng: random.Random, tree: Any) -> None:
    entries = _entries(tree, "id")
    if len(entries) >= 2:
        a, b = rng.sample(entries, 2)
        a["id"], b["id"] = b["id"], a["id"]


def s_manager_cycle(rng: random.Random, tree: Any) -> None:
    people = [n for n in _entries(tree, "id") if "units" not in n and "members" not in n]
    if people:
        chain = rng.sample(people, min(len(people), rng.choice([1, 2, 3, 50])))
        for person, boss in zip(chain, chain[1:] + chain[:1], strict=True):
            person[rng.choice(["manager", "manager", "dotted", "assistant"])] = boss["id"]


def s_wrong_reference(rng: random.Random, tree: Any) -> None:
    refs = [n for n in _containers(tree) if isinstance(n, dict)]
    if refs:
        node = rng.choice(refs)
        key = rng.choice(["lead", "members", "manager", "dotted", "spans", "formerly", "home"])
        value = rng.choice([*_ids(tree), "nobody", "", node.get("id", "self")])
        node[key] = [value, value] if rng.random() < 0.4 else value


def s_deep_units(rng: random.Random, tree: Any) -> None:
    units = [n for n in _entries(tree, "id") if isinstance(n.get("units"), list)]
    depth = rng.choice([50, 199, 200, 201, 250, 600, 1100])
    if units:
        holder = rng.choice(units)
        inner = holder["units"]
        for level in range(depth):
            inner = [{"id": f"deep-{level}", "name": f"Deep {level}", "units": inner}]
        holder["units"] = inner
    elif isinstance(tree, dict):
        value: Any = 1
        for _ in range(depth):
            value = [value]
        tree[rng.choice(KEYS)] = value


def s_long_strings(rng: random.Random, tree: Any) -> None:
    for node in rng.sample(_entries(tree, "id"), min(3, len(_entries(tree, "id")))):
        key = rng.choice(["id", "name", "title"])
        node[key] = (str(node.get(key, "x"))[:40] or "x") * rng.choice([100, 5000, 50_000])


def s_unicode(rng: random.Random, tree: Any) -> None:
    for node in rng.sample(_entries(tree, "id"), min(3, len(_entries(tree, "id")))):
        key = rng.choice(["id", "name", "title", "attrs"])
        text = "".join(rng.choice(BIDI) for _ in range(3)) + str(node.get("id", ""))
        node[key] = {text: text} if key == "attrs" else text


def s_many_units(rng: random.Random, tree: Any) -> None:
    """One person in many units, or the same unit listed in itself."""
    units = [n for n in _entries(tree, "id") if "members" in n or "lead" in n]
    ids = _ids(tree)
    for unit in rng.sample(units, min(len(units), rng.choice([2, 5, 20]))):
        unit.setdefault("members", [])
        if isinstance(unit["members"], list):
            unit["members"].append(rng.choice(ids))
    if units and rng.random() < 0.3:  # once: copies of copies would grow without bound
        unit = rng.choice(units)
        unit["units"] = [{**unit, "units": []}]


def s_odd_attrs(rng: random.Random, tree: Any) -> None:
    """Odd scalars where any scalar is allowed: NaN, infinities, huge numbers, empty text."""
    scalars = [float("nan"), float("inf"), -float("inf"), 10**300, 1e308, -0.0, "", "\x00", None]
    for node in rng.sample(_entries(tree, "id"), min(3, len(_entries(tree, "id")))):
        node["attrs"] = {rng.choice(["level", "cost centre", "x"]): rng.choice(scalars)}


def s_root(rng: random.Random, tree: Any) -> Any:
    """Replace the whole document (returned: the caller swaps it in)."""
    return rng.choice([None, [], "text", 1, [tree], {"people": tree}, {"name": tree}])


STRUCT_MUTATIONS: list[Callable[[random.Random, Any], Any]] = [
    s_drop_key, s_rename_key, s_change_type, s_change_type, s_add_key, s_duplicate_item,
    s_swap_ids, s_manager_cycle, s_wrong_reference, s_wrong_reference, s_deep_units,
    s_long_strings, s_unicode, s_many_units, s_odd_attrs, s_root,
]  # fmt: skip


def parse(seed: Seed) -> Any:
    """A corpus file as plain data (YAML and JSON as a tree, CSV as a list of rows)."""
    text = seed.data.decode("utf-8-sig", "replace")
    if seed.format == "csv":
        return [list(row) for row in csv.reader(io.StringIO(text))]
    docs = list(yaml.safe_load_all(text))
    return docs[0] if len(docs) == 1 else docs


def csv_mutate(rng: random.Random, rows: list[list[str]]) -> None:
    """Structural edits of a CSV: columns, headers, cells, rows, manager and unit cycles."""
    if not rows:
        rows.append(["id"])
    width = max(len(r) for r in rows)
    for row in rows:
        row.extend([""] * (width - len(row)))
    header = rows[0]
    col = {name.strip().lower(): i for i, name in enumerate(header)}
    choice = rng.randrange(9)
    c = rng.randrange(width)
    if choice == 0:  # drop a column
        for row in rows:
            del row[c]
    elif choice == 1:  # duplicate a column
        for row in rows:
            row.insert(c, row[c])
    elif choice == 2:  # rename a header
        names = ["unit_parent", "unit_path", "vacant", "dotted", "attrs.", "attrs", "", "\ufeffid"]
        header[c] = rng.choice([header[c].upper(), f" {header[c]} ", *col, *names])
    elif choice == 3 and len(rows) > 2:  # a cell of one row somewhere else
        a, b = rng.sample(range(1, len(rows)), 2)
        rows[a][c], rows[b][c] = rows[b][c], rows[a][c]
    elif choice == 4 and len(rows) > 1:
        row = rng.choice(rows[1:])
        row[c] = str(_odd(rng)) if rng.random() < 0.8 else "x" * 200_000
    elif choice == 5 and len(rows) > 1 and "id" in col:  # manager cycle, or self-manager
        manager = col.get("manager", col.get("reports_to", c))
        chain = rng.sample(rows[1:], min(len(rows) - 1, rng.choice([1, 2, 3])))
        for row, boss in zip(chain, chain[1:] + chain[:1], strict=True):
            row[manager] = boss[col["id"]]
    elif choice == 6 and len(rows) > 1:  # a unit cycle or a deep chain of parents
        if "unit_parent" not in col:
            header.append("unit_parent")
            for row in rows[1:]:
                row.append("")
            col["unit_parent"] = len(header) - 1
        unit = col.get("unit", c)
        depth = rng.choice([2, 3, 201, 1100])
        for level in range(depth):
            rows.append([""] * len(header))
            rows[-1][unit] = f"u{level}"
            rows[-1][col["unit_parent"]] = f"u{(level + 1) % depth if level < depth - 1 else 0}"
            if "id" in col:
                rows[-1][col["id"]] = f"deep-{level}"
    elif choice == 7:  # ragged rows, blank rows, duplicated rows
        row = rng.choice(rows)
        rng.choice(
            [lambda: row.append("extra"), lambda: row.clear(), lambda: rows.append(row[:])]
        )()
    elif len(rows) > 1:
        rng.shuffle(rows)


def dump(tree: Any, fmt: str, rng: random.Random, flat: bool = False) -> bytes:
    """Plain data as YAML, JSON or CSV text (odd values are written as their dumpers allow).
    `flat` writes deep trees on one line, so their size does not grow with the square of the
    depth. The dumpers recurse: the limit is raised while they run, and put back."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return _dump(tree, fmt, rng, flat)
    finally:
        sys.setrecursionlimit(limit)


def _dump(tree: Any, fmt: str, rng: random.Random, flat: bool) -> bytes:
    if fmt == "json":
        indent = None if flat else rng.choice([None, 1])
        text = json.dumps(tree, ensure_ascii=rng.random() < 0.5, default=str, indent=indent)
        return text.encode("utf-8", "surrogatepass")
    if fmt == "yaml":
        style = True if flat else rng.choice([False, None, True])
        try:
            text = yaml.safe_dump(tree, allow_unicode=rng.random() < 0.5, sort_keys=False,
                                  default_flow_style=style, width=4096)  # fmt: skip
        except (yaml.YAMLError, ValueError):
            text = json.dumps(tree, default=str)  # JSON is YAML too
        return text.encode("utf-8", "surrogatepass")
    rows = tree if _is_rows(tree) else to_rows(tree)
    out = io.StringIO()
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])
    csv.writer(out, quoting=quoting, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _is_rows(tree: Any) -> bool:
    return isinstance(tree, list) and all(isinstance(r, list) for r in tree)


def to_rows(tree: Any) -> list[list[str]]:
    """An org tree as CSV rows: one per person, its unit from the first unit listing it."""
    unit_of: dict[str, str] = {}
    for unit in _entries(tree, "id"):
        listed = unit.get("members") if isinstance(unit.get("members"), list) else []
        lead = unit.get("lead")
        for pid in [*(lead if isinstance(lead, list) else [lead]), *listed]:
            if isinstance(pid, str):
                unit_of.setdefault(pid, str(unit["id"]))
    people = tree.get("people") if isinstance(tree, dict) else None
    people = [p for p in people if isinstance(p, dict)] if isinstance(people, list) else []
    columns = ["id", "name", "title", "manager", "unit", "vacant", "dotted"]
    extra = sorted({k for p in people for k in p if k not in columns and isinstance(k, str)})
    rows = [columns + [f"attrs.{k}" for k in extra]]
    for person in people:
        cells = {**person, "unit": unit_of.get(str(person.get("id")), "")}
        rows.append([_cell(cells.get(k)) for k in columns] + [_cell(person.get(k)) for k in extra])
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def mutate(rng: random.Random, seeds: list[Seed], formats: list[str]) -> Mutant:
    """One input: a corpus file changed by one to three byte or structural mutations."""
    wanted = rng.choice(formats)  # each format as often, however many files the corpus has
    seed = rng.choice([s for s in seeds if s.format == wanted] or seeds)
    other = rng.choice(seeds).data
    done: list[str] = []
    if rng.random() < 0.5 or seed.format not in formats:
        fmt = seed.format if seed.format in formats and rng.random() < 0.75 else rng.choice(formats)
        try:
            tree = parse(seed)
        except (yaml.YAMLError, ValueError, RecursionError):
            tree = None
        if _expanded_size(tree, 200_000) >= 200_000:
            tree = None
        if tree is not None:
            if seed.format == "csv" and _is_rows(tree):
                for _ in range(rng.randint(1, 3)):
                    csv_mutate(rng, tree)
                    done.append("csv")
                fmt = "csv" if "csv" in formats else fmt
            else:
                for _ in range(rng.randint(1, 3)):
                    mutation = rng.choice(STRUCT_MUTATIONS)
                    replaced = mutation(rng, tree)
                    if replaced is not None or mutation is s_root:
                        tree = replaced
                    done.append(mutation.__name__.removeprefix("s_"))
            try:
                data = dump(tree, fmt, rng, flat="deep_units" in done)
            except (RecursionError, ValueError):  # too deep, or a number too long to write
                data = b""
            if data:
                origin = f"{seed.path} struct:{','.join(done)} as {fmt}"
                return Mutant(data, fmt, origin, seed.path)
            done.clear()
    data = seed.data
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutation = rng.choice(BYTE_MUTATIONS)
        data = mutation(rng, data, seed.format, other)
        done.append(mutation.__name__.removeprefix("b_"))
    return Mutant(data, seed.format, f"{seed.path} bytes:{','.join(done)}", seed.path)
