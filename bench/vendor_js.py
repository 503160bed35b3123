"""Refresh the JavaScript the interactive HTML pages inline (src/orgmodel/html/vendor/): each
library at its pinned version, taken from the npm registry with `npm pack`, checked against the
registry's integrity hash, copied with its licence, and recorded in manifest.json with the
sha256 of every file.

    python bench/vendor_js.py           # download the pinned versions, rewrite vendor/
    python bench/vendor_js.py --check   # offline: the files match manifest.json

The files are data (never edited by hand): to move to another version, change PINNED and run
the script, then review the diff of manifest.json.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "orgmodel" / "html" / "vendor"
MANIFEST = VENDOR / "manifest.json"


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    script: str  # in the package tarball
    licence: str  # in the package tarball
    spdx: str


# In the order the page loads them: d3-org-chart reads d3 and d3-flextree from `window.d3`.
# d3-org-chart 3.1.1 asks for d3-flextree 2.1.2 and the d3 7 modules.
PINNED = (
    Library("d3", "7.9.0", "package/dist/d3.min.js", "package/LICENSE", "ISC"),
    Library("d3-flextree", "2.1.2", "package/build/d3-flextree.min.js", "package/LICENSE", "WTFPL"),
    Library(
        "d3-org-chart",
        "3.1.1",
        "package/build/d3-org-chart.min.js",
        "package/misc/LICENSE.md",
        "MIT",
    ),
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pack(library: Library, into: Path) -> Path:
    """The package tarball from the registry, checked against its published integrity."""
    spec = f"{library.name}@{library.version}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(out.stdout)[0]
    tarball = into / str(info["filename"])
    algorithm, _, digest = info["integrity"].partition("-")
    found = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if found != digest:
        raise SystemExit(f"{spec}: the tarball does not match the registry's {algorithm}")
    return tarball


def _member(tarball: Path, name: str) -> bytes:
    with tarfile.open(tarball) as archive:
        handle = archive.extractfile(name)
        if handle is None:
            raise SystemExit(f"{tarball.name}: no file {name}")
        return handle.read()


def refresh() -> None:
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for library in PINNED:
            tarball = _pack(library, Path(tmp))
            script = _member(tarball, library.script)
            licence = _member(tarball, library.licence)
            script_name = f"{library.name}.min.js"
            licence_name = f"{library.name}.LICENSE.txt"
            (VENDOR / script_name).write_bytes(script)
            (VENDOR / licence_name).write_bytes(licence)
            entries.append(
                {
                    "name": library.name,
                    "version": library.version,
                    "license": library.spdx,
                    "source": f"npm:{library.name}@{library.version}/{library.script[8:]}",
                    "tarball_sha256": sha256(tarball.read_bytes()),
                    "files": {
                        script_name: sha256(script),
                        licence_name: sha256(licence),
                    },
                    "script": script_name,
                }
            )
    MANIFEST.write_text(json.dumps({"libraries": entries}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} libraries to {VENDOR}")


def check() -> list[str]:
    """What differs between the vendored files and the manifest (nothing when they agree)."""
    problems = []
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for entry in manifest["libraries"]:
        for name, digest in entry["files"].items():
            path = VENDOR / name
            if not path.is_file():
                problems.append(f"{name}: missing")
            elif sha256(path.read_bytes()) != digest:
                problems.append(f"{name}: sha256 differs from manifest.json")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify only, offline")
    args = parser.parse_args()
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1 if problems else 0)
    refresh()


if __name__ == "__main__":
    main()
