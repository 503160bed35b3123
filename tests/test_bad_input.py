"""Hostile and broken input: one line on stderr, exit 2, never a traceback, and quickly."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, write


def _one_line_exit_2(*args: str) -> str:
    run = run_cli(*args)
    assert run.exit_code == 2, run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("orgmodel: "), run.stderr
    assert "Traceback" not in run.stderr
    return run.stderr


def test_alias_bomb(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    start = time.perf_counter()
    message = _one_line_exit_2("validate", str(path))
    assert time.perf_counter() - start < 1.0
    assert "alias bomb" in message


def test_fifty_megabytes_of_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(random.Random(7).randbytes(50 * 1024 * 1024))
    message = _one_line_exit_2("validate", str(path))
    assert "not UTF-8 text" in message


def test_fifty_megabytes_of_printable_junk(tmp_path: Path) -> None:
    rng = random.Random(11)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 :-[]{},#&*!|>'\"%@`\n\t"
    chunk = "".join(rng.choice(alphabet) for _ in range(1 << 20))
    path = tmp_path / "junk.yaml"
    path.write_text(chunk * 50)
    start = time.perf_counter()
    _one_line_exit_2("validate", str(path))
    assert time.perf_counter() - start < 10.0


def test_latin_1_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: Zoë\npeople: []\n".encode("latin-1"))
    message = _one_line_exit_2("validate", str(path))
    assert message == (
        f"orgmodel: {path}:1:9: not UTF-8 text: byte 0xeb (offset 8); save the file as UTF-8\n"
    )


def test_a_directory_given_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "orgs.yaml"
    folder.mkdir()
    assert _one_line_exit_2("validate", str(folder)).endswith("is a directory, not a file\n")


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.yaml", "name: x\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        real_open = Path.open

        def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    message = _one_line_exit_2("validate", str(path))
    assert "permission denied" in message


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import orgmodel.formats.source as source

    monkeypatch.setattr(source, "MAX_INPUT_BYTES", 1000)
    path = write(tmp_path / "big.yaml", "name: x\n" + "# padding\n" * 200)
    assert "input limit" in _one_line_exit_2("validate", str(path))
