"""The suite's own check that the tests never touch the user's cache and state folders
(tests/conftest.py, FolderGuard): it notes what the tests' processes do there, not what the
folders hold at the end, so someone using the tool while the tests run does not fail it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, GUARD, GUARDED, FolderGuard

WRITES = """
import os, sys
folder = sys.argv[1]
os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
with open(os.path.join(folder, "catalog-0.json"), "w") as fh:
    fh.write("{}")
fd = os.open(folder, os.O_RDONLY)
os.replace("catalog-0.json", "catalog-1.json", src_dir_fd=fd, dst_dir_fd=fd)
os.unlink("catalog-1.json", dir_fd=fd)
"""


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, *args], env=env, check=True, timeout=60, capture_output=True)


def test_another_program_writing_there_is_not_the_tests_doing(tmp_path: Path) -> None:
    folder = tmp_path / "users-cache"
    folder.mkdir()
    guard = FolderGuard([folder], tmp_path / "guard.log")
    try:
        someone_else = {k: v for k, v in os.environ.items() if k not in GUARDED}
        path = [p for p in os.environ["PYTHONPATH"].split(os.pathsep) if p != str(GUARD)]
        if any(path):
            someone_else["PYTHONPATH"] = os.pathsep.join(path)
        _run(someone_else, "-c", WRITES, str(folder))
        # the tool itself, too (in a folder of its own: one with another program's files in
        # it is never written)
        used = {**someone_else, "OUTSOURCE_CACHE_DIR": str(folder / "cache")}
        _run(
            used,
            "-m",
            "outsource_cli",
            "assess",
            "--answers",
            str(EXAMPLES / "payroll-manufacturer.yaml"),
        )
        assert list((folder / "cache").glob("catalog-*.json"))  # it did write there
        assert guard.findings() == []
    finally:
        guard.stop()


def test_a_process_of_the_tests_writing_there_is_noted(tmp_path: Path) -> None:
    folder, cache = tmp_path / "users-state", tmp_path / "users-cache"
    folder.mkdir()
    guard = FolderGuard([folder, cache], tmp_path / "guard.log")
    try:
        ours = {**os.environ, **guard.environment()}
        _run(ours, "-c", WRITES, str(folder))
        _run(
            {**ours, "OUTSOURCE_CACHE_DIR": str(cache)},
            "-m",
            "outsource_cli",
            "assess",
            "--answers",
            str(EXAMPLES / "payroll-manufacturer.yaml"),
        )
        (folder / "here.txt").write_text("x")  # in the tests' own process
        found = "\n".join(guard.findings())
        for event in (
            "os.mkdir",
            "open",
            "os.rename",
            "os.remove",
        ):  # os.replace audits as os.rename
            assert f"{event} {folder.resolve()}" in found, found
        assert f"os.rename {cache.resolve()}{os.sep}catalog-" in found, found
        assert f"open {(folder / 'here.txt').resolve()} (pid {os.getpid()}" in found
    finally:
        guard.stop()


def test_the_session_guards_the_processes_the_tests_start() -> None:
    """The session fixture's guard is in the environment every test process inherits."""
    assert os.environ["OUTSOURCE_TEST_GUARD_LOG"]
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0].endswith(f"tests{os.sep}guard")
    probe = "import sys; print('sitecustomize' in sys.modules and sys.modules['sitecustomize'].__file__)"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert out.strip().endswith(f"guard{os.sep}sitecustomize.py")
