"""Regular files only: a FIFO, a device or a socket given as any input is refused at once with
exit 2 (never a hang, never reading forever); no output ever replaces one, even with --force;
and every write failure is exit 2 naming the path."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
EXAMPLE = str(EXAMPLES / "payroll-manufacturer.yaml")
pytestmark = pytest.mark.timeout(30)  # a test that blocks on a FIFO fails instead of hanging


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def sock(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.yaml"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    yield path
    s.close()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "--answers", "{}"],
        ["lint", "{}"],
        ["compare", "{}"],
        ["lint", "--config", "{}", str(EXAMPLES)],
    ],
)
def test_a_fifo_is_refused_without_blocking(fifo: Path, command: list[str]) -> None:
    code, _, err = run(*[str(fifo) if c == "{}" else c for c in command])
    assert code == 2
    assert f"{fifo}: " in err and "is a named pipe (FIFO), not a regular file" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read_forever(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} missing")
    code, _, err = run("assess", "--answers", device)
    assert code == 2
    assert err == f"error: {device}: E001 is a character device, not a regular file\n"
    code, _, err = run("lint", device)
    assert code == 2 and "is a character device, not a regular file" in err


def test_a_socket_is_refused(sock: Path) -> None:
    code, _, err = run("assess", "--answers", str(sock))
    assert code == 2 and err == f"error: {sock}: E001 is a socket, not a regular file\n"


def test_a_fifo_in_a_questionnaires_folder_is_refused(qdir: Path) -> None:
    (qdir / "policy.yaml").unlink()
    os.mkfifo(qdir / "policy.yaml")
    code, _, err = run("assess", "--answers", EXAMPLE, "--questionnaires", str(qdir))
    assert code == 2
    assert f"{qdir / 'policy.yaml'}: E001 is a named pipe (FIFO), not a regular file" in err
    code, _, err = run("lint", str(qdir))
    assert code == 2 and "is a named pipe (FIFO)" in err


def test_a_fifo_in_a_folder_given_to_compare_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "a.yaml").write_text((EXAMPLES / "payroll-manufacturer.yaml").read_text())
    os.mkfifo(folder / "b.yaml")
    code, _, err = run("compare", str(folder))
    assert code == 2 and f"{folder / 'b.yaml'}: E001 is a named pipe (FIFO)" in err


def test_a_file_that_grows_past_the_limit_is_not_read_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outsource_cli import files

    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 40)  # within the limit when opened, then it grows
    read: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real(fd, n) or b"y" * n  # a file that never ends (like /dev/zero)
        read.append(len(data))
        return data

    monkeypatch.setattr(files.os, "read", counting)
    with pytest.raises(files.NotReadable, match="more than 50 bytes"):
        files.read_regular(path, 50)
    assert sum(read) <= 51


# ---------------------------------------------------------------- output


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "--answers", EXAMPLE, "--output", "{}", "--force"],
        ["assess", "--answers", EXAMPLE, "--format", "json", "--output", "{}", "--force"],
        ["assess", "--answers", EXAMPLE, "--save-answers", "{}", "--force"],
        ["template", "--output", "{}", "--force"],
        ["compare", EXAMPLE, "--output", "{}", "--force"],
        ["lint", str(EXAMPLES), "--json-output", "{}"],
        ["lint", str(EXAMPLES), "--sarif-output", "{}"],
    ],
)
def test_a_fifo_is_never_replaced_even_with_force(fifo: Path, command: list[str]) -> None:
    code, _, err = run(*[str(fifo) if c == "{}" else c for c in command])
    assert code == 2, err
    assert (
        f"error: {fifo}: is a named pipe (FIFO), not a regular file; refusing to replace it" in err
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "--answers", EXAMPLE, "--output", "{}"],
        ["assess", "--answers", EXAMPLE, "--save-answers", "{}"],
        ["template", "--output", "{}"],
        ["compare", EXAMPLE, "--format", "csv", "--output", "{}"],
        ["lint", str(EXAMPLES), "--json-output", "{}"],
        ["lint", str(EXAMPLES), "--sarif-output", "{}"],
    ],
)
@pytest.mark.parametrize("where", ["missing", "unwritable"])
def test_every_write_failure_is_exit_2_naming_the_path(
    tmp_path: Path, command: list[str], where: str
) -> None:
    # /proc refuses new files even to root, where chmod cannot make a folder read-only
    target = tmp_path / "no" / "such" / "out.txt" if where == "missing" else Path("/proc/out.txt")
    code, _, err = run(*[str(target) if c == "{}" else c for c in command])
    assert code == 2, err
    assert err.startswith(f"error: {target}: "), err
    assert not target.exists()


def test_a_failure_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outsource_cli import files

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    out = tmp_path / "t.yaml"
    code, _, err = run("template", "--output", str(out))
    assert code == 2 and err == f"error: {out}: cannot be written: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_in_a_folder_is_skipped_as_before(qdir: Path, tmp_path: Path) -> None:
    (qdir / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, _, _ = run("assess", "--answers", EXAMPLE, "--questionnaires", str(qdir))
    assert code == 0
    code, out, _ = run("lint", str(qdir))
    # the six question sets, the policy and the provider sets' seven files (providers/)
    shipped = sum(1 for p in qdir.rglob("*.yaml") if not p.is_symlink())
    assert code == 0 and out.startswith(f"All checks passed: {shipped} files")
