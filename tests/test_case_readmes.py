"""Every golden case folder says, in a README beside its inputs and goldens, what a reader should
see in it, so that a golden can be reviewed as a claim and not only as bytes."""

from __future__ import annotations

from pathlib import Path

from conftest import CASES


def _case_folders() -> list[Path]:
    """Folders under tests/cases that hold files (the cases themselves, not their groups)."""
    return sorted(
        folder
        for folder in CASES.rglob("*")
        if folder.is_dir() and any(p.is_file() for p in folder.iterdir())
    )


def test_every_case_folder_has_a_readme_in_prose() -> None:
    folders = _case_folders()
    assert {f.parent.name for f in folders} >= {"diff", "render", "stats", "whatif", "convert"}
    for folder in folders:
        readme = folder / "README.md"
        assert readme.is_file(), f"{folder.relative_to(CASES)} needs a README.md"
        lines = readme.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), readme
        prose = [line for line in lines[1:] if line.strip()]
        assert len(prose) >= 2, f"{readme.relative_to(CASES)}: say what a reader should see"
