"""Reading an org's history: the commits that changed the file, oldest first, each blob read
through the one `cat-file` process and loaded once, each org diffed with the last one before it
that loads (so a snapshot serves both diffs it takes part in)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from orgmodel.diff import OrgDiff, diff_structures
from orgmodel.errors import InputError, OrgmodelError
from orgmodel.formats.registry import Format, format_for
from orgmodel.formats.source import MAX_INPUT_BYTES, Source
from orgmodel.gcpause import gc_paused
from orgmodel.history.git import BlobReader, FileChange, Range, TrackedFile, file_changes, locate
from orgmodel.history.model import EntryKind, HistoryEntry, OrgHistory
from orgmodel.history.snapshots import SnapshotLoader
from orgmodel.metrics import OrgMetrics, org_metrics
from orgmodel.pipeline import empty_org
from orgmodel.structure import Structure


@dataclass(frozen=True, slots=True)
class _Org:
    """A blob that loads: its structure and metrics, computed once however often it is seen."""

    structure: Structure
    metrics: OrgMetrics


@dataclass(frozen=True, slots=True)
class _Base:
    """The org a diff starts from: the last one that loads, the commit that left it, and the
    commits since that do not load."""

    commit: str
    org: _Org
    across: tuple[str, ...] = ()


_Loaded = _Org | str  # an org, or the first error of a blob that does not load


def read_history(
    path: str, chosen: Range | None = None, input_format: Format | None = None
) -> OrgHistory:
    """The history of the org file at `path` (relative to the current directory), newest first.
    InputError when there is no history to read (not a git repository, a file never committed,
    a bound that is neither a revision nor a date)."""
    chosen = chosen or Range()
    file = locate(path)
    changes = file_changes(file, chosen)
    with gc_paused(), BlobReader(file.top) as reader:  # the walk's one pause: see gcpause
        walk = _Walk(file, reader.read, input_format, chosen.first_parent)
        entries = [walk.entry(change) for change in reversed(changes)]
    return OrgHistory(path, tuple(reversed(entries)))


def load_snapshots(
    history: OrgHistory, commits: Iterable[str], input_format: Format | None = None
) -> dict[str, Structure]:
    """The orgs that commits of `history` left, by commit id, loaded again from their blobs (a
    history keeps their numbers and diffs, not every org): for a view that compares any two.
    InputError for a commit the history does not hold or whose file does not load."""
    by_id = {entry.commit.id: entry for entry in history.entries}
    file = locate(history.file)
    snapshots = SnapshotLoader()
    found: dict[str, Structure] = {}
    with gc_paused(), BlobReader(file.top) as reader:
        for commit in commits:
            entry = by_id.get(commit)
            if entry is not None and entry.error is not None:
                raise InputError(f"does not load: {entry.error}")
            if entry is None or entry.blob is None:
                raise InputError(f"no org of commit {commit[:7]} in this history", file=file.name)
            name = f"{commit[:7]}:{entry.path}"
            loaded = _load(
                snapshots, reader.read(entry.blob), name, input_format or format_for(entry.path)
            )
            if isinstance(loaded, str):
                raise InputError(loaded)
            found[commit] = loaded.structure
    return found


class _Walk:
    """The commits of a history taken oldest first, each blob loaded once."""

    def __init__(
        self,
        file: TrackedFile,
        read: Callable[[str], bytes],
        input_format: Format | None,
        first_parent: bool,
    ) -> None:
        self.file = file
        self.read = read
        self.input_format = input_format
        self.first_parent = first_parent
        self.snapshots = SnapshotLoader()
        self.loaded: dict[tuple[str, Format | None], _Loaded] = {}
        # The base as of each blob seen: the org itself when it loads, else the base before it.
        self.base_of: dict[str, _Base | None] = {}

    def load(self, blob: str, commit: str, file_path: str) -> _Loaded:
        fmt = self.input_format or format_for(file_path)
        if (blob, fmt) not in self.loaded:
            name = f"{commit[:7]}:{file_path}"
            self.loaded[blob, fmt] = _load(self.snapshots, self.read(blob), name, fmt)
        return self.loaded[blob, fmt]

    def entry(self, change: FileChange) -> HistoryEntry:
        commit = change.commit
        base = self.base(change)
        entry = HistoryEntry(
            commit,
            change.path,
            change.old_path if change.old_path != change.path else None,
            "deleted",
            base=base.commit if base else None,
            across=base.across if base else (),
            blob=change.new_blob,
        )
        if change.new_blob is None:
            return entry
        after = self.load(change.new_blob, commit.id, change.path)
        if isinstance(after, str):
            self.base_of[change.new_blob] = base and replace(base, across=(*base.across, commit.id))
            return replace(entry, change="invalid", error=after)
        self.base_of[change.new_blob] = _Base(commit.id, after)
        return _compared(entry, base, after, created=change.old_blob is None)

    def base(self, change: FileChange) -> _Base | None:
        """The last org before `change` that loads (None when the file is new)."""
        if change.old_blob is None:
            return None
        if change.old_blob not in self.base_of:  # before the walk's first commit
            self.base_of[change.old_blob] = self.earlier(change)
        return self.base_of[change.old_blob]

    def earlier(self, change: FileChange) -> _Base | None:
        """The base of the first commit walked: read further back, as far as an org that loads."""
        if not change.commit.parents:
            return None
        until = Range(until=change.commit.parents[0], first_parent=self.first_parent)
        across: list[str] = []
        for older in file_changes(self.file, until, change.old_path):
            if older.new_blob is None:
                return None
            found = self.load(older.new_blob, older.commit.id, older.path)
            if isinstance(found, _Org):
                return _Base(older.commit.id, found, tuple(reversed(across)))
            across.append(older.commit.id)
        return None


def _compared(entry: HistoryEntry, base: _Base | None, after: _Org, created: bool) -> HistoryEntry:
    result: OrgDiff | None = None
    kind: EntryKind = "changed"
    if base is not None:
        result = diff_structures(base.org.structure, after.structure)
        kind = "unchanged" if result.empty else "changed"
    elif created:
        result = diff_structures(empty_org().structure, after.structure)
        kind = "created"
    return replace(entry, change=kind, diff=result, metrics=after.metrics)


def _load(snapshots: SnapshotLoader, data: bytes, name: str, fmt: Format | None) -> _Loaded:
    if fmt is None:
        return f"{name}: cannot tell the format from the name; give --input-format"
    if len(data) > MAX_INPUT_BYTES:
        return f"{name}: larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit"
    try:
        loaded = snapshots.load(Source(name, data, fmt))
    except OrgmodelError as error:
        return error.located()
    return _Org(loaded.structure, org_metrics(loaded.structure))
