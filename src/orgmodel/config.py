"""The project's configuration, read in one place: `[tool.orgmodel]` in pyproject.toml, or else
orgmodel.toml (the same keys at its top level). A key is taken from the first of the two that
has it: `policy` (the gates `validate` enforces) and `diagrams` (what `build` renders).

Every message names the file and the key path: `proj/pyproject.toml: tool.orgmodel.policy: …`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from orgmodel.check.policy import Policy
from orgmodel.errors import InputError
from orgmodel.errors import Path as KeyPath
from orgmodel.formats.registry import BUILD_FORMATS, Format, format_for
from orgmodel.graph.options import ChartOptions

CONFIG_FILES: tuple[tuple[str, KeyPath], ...] = (
    ("pyproject.toml", ("tool", "orgmodel")),
    ("orgmodel.toml", ()),
)
_OPTION_KEYS = ("level", "root", "depth", "direction", "clusters", "compact", "sort", "layout")


@dataclass(frozen=True)
class Setting:
    """One key's value, with the file and key path it was found at, for messages."""

    value: Any
    file: Path
    path: KeyPath

    def error(self, message: str, *within: str | int) -> InputError:
        return InputError(message, file=str(self.file), path=(*self.path, *within))


def read_setting(root: Path, key: str) -> Setting | None:
    """`key` from the project in `root`, or None when no config file sets it."""
    for name, section in CONFIG_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"not valid TOML: {exc}", file=str(path)) from None
        for part in section:
            data = data.get(part, {}) if isinstance(data, dict) else {}
        if isinstance(data, dict) and key in data:
            return Setting(data[key], path, (*section, key))
    return None


# -- policy ------------------------------------------------------------------------------------


def read_policy(root: Path) -> Policy:
    """The policy gates the project sets (none when it sets none)."""
    setting = read_setting(root, "policy")
    if setting is None:
        return Policy()
    if not isinstance(setting.value, dict):
        raise setting.error("must be a table")
    known = {f.name for f in fields(Policy)}
    values: dict[str, Any] = {}
    for key, value in setting.value.items():
        name = key.replace("-", "_")
        if name not in known:
            raise setting.error(f"unknown key {key!r}")
        wanted = bool if name == "require_leads" else int
        if type(value) is not wanted or (wanted is int and value < 0):
            expected = "true or false" if wanted is bool else "a whole number"
            raise setting.error(f"expected {expected}", key)
        values[name] = value
    return Policy(**values)


# -- diagrams ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Diagram:
    """One declared output: a chart of `source`, or the picture of `before` → `after`."""

    output: Path
    source: Path | None = None
    before: Path | None = None
    after: Path | None = None
    options: ChartOptions = field(default_factory=ChartOptions)

    @property
    def format(self) -> Format:
        found = format_for(self.output, BUILD_FORMATS)
        if found is None:  # `_diagram` admits no other output
            raise ValueError(f"{self.output}: not a diagram format")
        return found

    @property
    def inputs(self) -> list[Path]:
        return [p for p in (self.source, self.before, self.after) if p is not None]


def read_diagrams(root: Path) -> list[Diagram]:
    """The diagrams the project declares; without any, a chart of every orgs/*.yaml in
    diagrams/<name>.svg."""
    if not root.is_dir():
        raise InputError("no such folder", file=str(root))
    setting = read_setting(root, "diagrams")
    if setting is None:
        return [
            Diagram(root / "diagrams" / f"{org.stem}.svg", source=org)
            for org in sorted((root / "orgs").glob("*.yaml"))
        ]
    if not isinstance(setting.value, list):
        raise setting.error("must be a list of tables ([[...]])")
    return [_diagram(entry, root, setting, i) for i, entry in enumerate(setting.value)]


def _diagram(entry: Any, root: Path, setting: Setting, index: int) -> Diagram:
    if not isinstance(entry, dict):
        raise setting.error("each diagram is a table", index)
    unknown = set(entry) - {"source", "before", "after", "output", *_OPTION_KEYS}
    if unknown:
        raise setting.error(f"unknown key {sorted(unknown)[0]!r}", index)
    output = entry.get("output")
    if not isinstance(output, str) or format_for(output, BUILD_FORMATS) is None:
        raise setting.error(
            f"`output` must be a .svg, .dot, .mmd or .html path (got {output!r})", index
        )
    has_source = "source" in entry
    has_pair = "before" in entry and "after" in entry
    if has_source == has_pair:
        raise setting.error("give either `source`, or `before` and `after`", index)
    options = {k: entry[k] for k in _OPTION_KEYS if k in entry}
    try:
        chart = ChartOptions(**options)
    except TypeError as exc:
        raise setting.error(str(exc), index) from None

    def path(key: str) -> Path | None:
        value = entry.get(key)
        return root / value if isinstance(value, str) else None

    return Diagram(root / output, path("source"), path("before"), path("after"), chart)


# -- Markdown regions --------------------------------------------------------------------------


def read_markdown(root: Path) -> list[Path]:
    """The Markdown files whose `<!-- orgmodel … -->` regions `build` keeps current
    (`markdown = ["README.md", "docs/*.md"]`; a pattern matches files in order of name)."""
    setting = read_setting(root, "markdown")
    if setting is None:
        return []
    if not isinstance(setting.value, list) or not all(isinstance(v, str) for v in setting.value):
        raise setting.error("must be a list of paths")
    files: list[Path] = []
    for index, pattern in enumerate(setting.value):
        matched = sorted(root.glob(pattern)) if any(c in pattern for c in "*?[") else []
        if not matched:
            single = root / pattern
            if not single.is_file():
                raise setting.error(f"no such file: {pattern}", index)
            matched = [single]
        files += [m for m in matched if m not in files]
    return files
