"""Where outputs go: through symlinks, straight to devices, FIFOs and descriptors, keeping the
replaced file's mode, cleaning up after killed runs; and a standard output that cannot be written
ends with one line, not a traceback."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write

ORG = REPO / "orgs" / "qianwen-2025.yaml"
LATER = REPO / "orgs" / "qianwen-2026.yaml"
ORGMODEL = Path(sys.executable).with_name("orgmodel")  # the installed console script


def _dot() -> str:
    run = run_cli("render", str(ORG), "--format", "dot")
    assert run.exit_code == 0, run.stderr
    return run.stdout


def _char_device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (7), so a regression replaces it and
    not the system's own."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        if os.geteuid() == 0:  # root could replace the real one: never risk it
            pytest.skip("cannot create a device node here")
        return Path("/dev/null" if minor == 3 else "/dev/full")  # a user cannot replace these
    return path


# -- devices, FIFOs, descriptors and symlinks --------------------------------------------------


def test_a_character_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    device = _char_device(tmp_path, "null.dot", 3)
    run = run_cli("render", str(ORG), "--format", "dot", "-o", str(device))
    assert run.exit_code == 0, run.stderr
    assert stat.S_ISCHR(device.stat().st_mode), "the device was replaced by a file"


def test_a_full_device_is_one_line_and_exit_2(tmp_path: Path) -> None:
    device = _char_device(tmp_path, "full.dot", 7)
    run = run_cli("render", str(ORG), "--format", "dot", "-o", str(device))
    assert run.exit_code == 2
    assert run.stderr == f"orgmodel: {device}: cannot write: No space left on device\n"
    assert stat.S_ISCHR(device.stat().st_mode)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "chart.dot"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)  # a regression leaves it blocked
    reader.start()
    run = run_cli("render", str(ORG), "-o", str(fifo))
    assert run.exit_code == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO was replaced by a file"
    reader.join(timeout=10)
    assert received == [_dot().encode()]


def test_a_descriptor_name_is_written_to(tmp_path: Path) -> None:
    # /dev/fd/N is /dev/stdout's kind: a name for an open descriptor, here a pipe.
    read_end, write_end = os.pipe()
    try:
        run = run_cli("render", str(ORG), "--format", "dot", "-o", f"/dev/fd/{write_end}")
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            received = stream.read()
    finally:
        for fd in (read_end, write_end):
            with contextlib.suppress(OSError):
                os.close(fd)
    assert run.exit_code == 0, run.stderr
    assert received == _dot().encode()


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = write(tmp_path / "charts" / "real.dot", "old\n")
    link = tmp_path / "link.dot"
    link.symlink_to(Path("charts") / "real.dot")
    run = run_cli("render", str(ORG), "-o", str(link))
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and link.readlink() == Path("charts") / "real.dot"
    assert real.read_text() == _dot()
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.dot"]


def test_a_dangling_symlink_gets_its_target_written(tmp_path: Path) -> None:
    link = tmp_path / "link.dot"
    link.symlink_to(tmp_path / "new.dot")
    run = run_cli("render", str(ORG), "-o", str(link))
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and (tmp_path / "new.dot").read_text() == _dot()


@pytest.mark.parametrize(
    "command",
    [
        ["convert", "{input}", "-o", "{link}"],
        ["whatif", "{input}", "--vacate", "fan-yu", "-o", "{link}"],
        ["render", "{input}", "--format", "dot", "-o", "{link}"],
    ],
)
def test_a_symlink_to_an_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    source = tmp_path / "org.yaml"
    source.write_bytes(ORG.read_bytes())
    link = tmp_path / "out.yaml"
    link.symlink_to(source)
    run = run_cli(*(part.format(input=source, link=link) for part in command))
    assert run.exit_code == 2
    assert run.stderr == f"orgmodel: -o {link}: refusing to overwrite an input file\n"
    assert link.is_symlink() and source.read_bytes() == ORG.read_bytes()


# -- the replaced file's mode --------------------------------------------------------------------


def test_overwriting_keeps_the_files_mode(tmp_path: Path) -> None:
    out = write(tmp_path / "hr.yaml", "old\n")
    out.chmod(0o600)
    run = run_cli("convert", str(ORG), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text() != "old\n"


def test_a_new_file_gets_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        run = run_cli("convert", str(ORG), "-o", str(tmp_path / "new.yaml"))
    finally:
        os.umask(old)
    assert run.exit_code == 0, run.stderr
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


# -- temporary files left by a killed run --------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_killed_runs_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        dead = write(tmp_path / f".out.dot.orgmodel-tmp-{_dead_pid()}-k1ll3d", "half")
        live = write(tmp_path / f".out.dot.orgmodel-tmp-{sleeper.pid}-wr1t1n", "half")
        other = write(tmp_path / f".other.dot.orgmodel-tmp-{_dead_pid()}-k1ll3d", "half")
        run = run_cli("render", str(ORG), "-o", str(tmp_path / "out.dot"))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert run.exit_code == 0, run.stderr
    assert not dead.exists()
    assert live.exists(), "a running write's temporary file was removed"
    assert other.exists(), "another target's temporary file was removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "out.dot"])


def test_temporary_files_say_whose_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[str] = []
    real_replace = Path.replace

    def spy(self: Path, target: str | os.PathLike[str]) -> Path:
        renamed.append(self.name)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    assert run_cli("render", str(ORG), "-o", str(tmp_path / "out.dot")).exit_code == 0
    assert len(renamed) == 1
    assert re.fullmatch(rf"\.out\.dot\.orgmodel-tmp-{os.getpid()}-\w+", renamed[0]), renamed


# -- standard output that cannot be written ----------------------------------------------------

COMMANDS = {
    "validate": ["validate", "--format", "json", str(ORG)],
    "show": ["show", str(ORG)],
    "diff": ["diff", str(ORG), str(LATER)],
    "render": ["render", str(ORG), "--format", "dot"],
    "stats": ["stats", str(ORG)],
    "whatif": ["whatif", str(ORG), "--vacate", "fan-yu"],
    "convert": ["convert", str(ORG), "--format", "yaml", "-o", "-"],
    "schema": ["schema"],
    "version": ["--version"],
}


def _closed_stdout() -> None:
    os.close(1)


def _to_full(args: list[str]) -> subprocess.CompletedProcess[str]:
    with Path("/dev/full").open("w") as full:
        return subprocess.run(
            [str(ORGMODEL), *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )


def _to_closed(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ORGMODEL), *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=_closed_stdout,
    )


@pytest.mark.parametrize(
    ("redirect", "reason"),
    [(_to_full, "No space left on device"), (_to_closed, "Bad file descriptor")],
    ids=["dev-full", "closed"],
)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_stdout_that_cannot_be_written(
    command: str,
    redirect: Callable[[list[str]], subprocess.CompletedProcess[str]],
    reason: str,
) -> None:
    done = redirect(COMMANDS[command])
    assert done.stderr == f"orgmodel: <stdout>: cannot write: {reason}\n"
    assert done.returncode == 2


def test_build_writes_nothing_to_stdout() -> None:
    done = _to_full(["build", "--check", "--dir", str(REPO)])
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", ["show", "convert", "render"])
def test_a_reader_that_went_away_is_a_quiet_141(command: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` after its line: every write meets a broken pipe
    try:
        done = subprocess.run(
            [str(ORGMODEL), *COMMANDS[command]],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")


# -- validate goes past a file it cannot read ----------------------------------------------------


def _three_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    bad = write(tmp_path / "bad.yaml", "name: bad\npeople:\n  - {id: a, name: A, manager: zz}\n")
    return ORG, tmp_path / "missing.yaml", bad


def test_validate_reports_every_readable_file_then_the_missing_one(tmp_path: Path) -> None:
    good, missing, bad = _three_files(tmp_path)
    run = run_cli("validate", str(good), str(missing), str(bad))
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert f"{good}: valid: 0 errors, 0 warnings" in lines
    assert f"{bad}:3:31: people[0].manager: manager 'zz' is not a person in this file" in lines
    assert any(line.startswith(f"{bad}: invalid: 1 error") for line in lines)
    assert lines[-1] == f"orgmodel: {missing}: no such file"


def test_validate_json_still_reports_the_readable_files(tmp_path: Path) -> None:
    good, missing, bad = _three_files(tmp_path)
    run = run_cli("validate", "--format", "json", str(good), str(missing), str(bad))
    assert run.exit_code == 2
    assert '"valid": false' in run.stdout
    assert f'"file": "{good}"' in run.stdout and f'"file": "{bad}"' in run.stdout
    assert run.stderr == f"orgmodel: {missing}: no such file\n"
