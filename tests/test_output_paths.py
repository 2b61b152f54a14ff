"""Where the tool writes: one rule for every output option, the umask, atomic writes, and the
hostile corpus of output paths and cache folders (tests/data/hostile/output-paths/).

The rule (``files.check_outputs``): never over an existing file or link without --force, never
over an input of the same run (even with --force), never over anything but a regular file."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli import files
from outsource_cli.cli import app
from outsource_cli.errors import UsageError
from outsource_cli.questionnaire.catalog import builtin_directory
from tests.conftest import EXAMPLES

runner = CliRunner()
CORPUS = Path(__file__).parent / "data" / "hostile" / "output-paths"
OUTPUTS = yaml.safe_load((CORPUS / "outputs.yaml").read_text())
CACHES = yaml.safe_load((CORPUS / "cache.yaml").read_text())
pytestmark = pytest.mark.timeout(60)


def run(*args: str) -> tuple[int, str, str]:
    from outsource_cli.commands import common

    common.WARNED.clear()  # each warning is said once per run: here, once per invocation
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def _state(path: Path) -> tuple[Any, ...] | None:
    """What is at ``path`` (not following a link): its kind, content and mode."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(st.st_mode):
        return ("file", path.read_bytes(), st.st_mode, st.st_ino, st.st_mtime_ns)
    if stat.S_ISDIR(st.st_mode):
        return ("folder", sorted(os.listdir(path)))
    return ("other", stat.S_IFMT(st.st_mode))


# ---------------------------------------------------------------- the corpus


def test_every_case_of_the_corpus_is_complete() -> None:
    for case in OUTPUTS:
        assert set(case) == {"case", "make", "out", "command", "exit", "message", "kept"}, case
    for case in CACHES:
        assert {"case", "make", "files", "warning"} <= set(case) <= {*case, "mode"}, case


@pytest.mark.parametrize("case", OUTPUTS, ids=[c["case"] for c in OUTPUTS])
def test_an_output_path_of_the_corpus(case: dict[str, Any], tmp_path: Path) -> None:
    q = tmp_path / "questionnaires"
    shutil.copytree(builtin_directory(), q)
    shutil.copytree(EXAMPLES / "panel", tmp_path / "panel")
    answers = tmp_path / "in.yaml"
    answers.write_text((EXAMPLES / "payroll-manufacturer.yaml").read_text())
    names = {"tmp": str(tmp_path), "q": str(q), "in": str(answers), "examples": str(EXAMPLES)}
    out = case["out"].format(**names)
    names["out"] = out
    target = Path(out)
    make = case["make"]
    if make == "file":
        target.write_text("keep me\n")
    elif make == "directory":
        target.mkdir()
    elif make == "fifo":
        os.mkfifo(target)
    elif make == "link-to-nothing":
        target.symlink_to("nowhere.md")
    elif make == "link-to-input":
        target.symlink_to(answers)
    else:
        assert make == "nothing", make
    files = [answers, *q.iterdir(), *(tmp_path / "panel").iterdir()]
    inputs = {p: p.read_bytes() for p in files if p.is_file()}
    before = _state(target)
    code, _, err = run(*[part.format(**names) for part in case["command"]])
    assert code == case["exit"], err
    assert case["message"].format(**names) in err
    if case["exit"] == 2:
        assert err.count("error:") == 1
    if case["kept"]:
        assert _state(target) == before
        if out.endswith("/"):
            assert not target.exists() and not Path(out.rstrip("/")).exists()
    else:
        assert _state(target) != before and target.is_file() and not target.is_symlink()
    assert {p: p.read_bytes() for p in inputs} == inputs  # no input is ever touched


@pytest.mark.parametrize("case", CACHES, ids=[c["case"] for c in CACHES])
def test_a_cache_folder_of_the_corpus(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(folder))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    if case["make"] == "folder":
        folder.mkdir()
        for name, content in case["files"].items():
            (folder / name).write_text(content)
        os.chmod(folder, int(case["mode"], 8))
    elif case["make"] == "file":
        folder.write_text("my notes\n")
    else:
        assert case["make"] == "fifo"
        os.mkfifo(folder)

    def everything() -> Any:
        if not folder.is_dir():
            return _state(folder)
        return {p.name: _state(p) for p in folder.iterdir()}, _state(folder)

    before = everything()
    code, out, err = run("assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml"))
    assert code == 0 and "OUTSOURCE" in out
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == [case["warning"].format(cache=folder)]
    assert everything() == before


# ---------------------------------------------------------------- the rule, case by case


def test_lint_never_overwrites_a_file_without_force(tmp_path: Path) -> None:
    """issue 23, item 2: `lint --sarif-output questionnaires/core.yaml` replaced a question set."""
    for option in ("--sarif-output", "--json-output"):
        out = tmp_path / "core.yaml"
        out.write_text("id: core\n")
        code, stdout, err = run("lint", str(EXAMPLES), option, str(out))
        assert code == 2 and stdout == ""
        assert err == f"error: {out}: already exists; pass --force to overwrite it\n"
        assert out.read_text() == "id: core\n"
        code, _, err = run("lint", str(EXAMPLES), option, str(out), "--force")
        assert code == 0 and out.read_text().startswith("{")


def test_an_input_of_the_run_is_never_an_output_even_with_force(tmp_path: Path) -> None:
    """issue 23, item 3: `--output in.yaml --force` replaced the --answers input."""
    answers = tmp_path / "in.yaml"
    text = (EXAMPLES / "payroll-manufacturer.yaml").read_text()
    answers.write_text(text)
    for option in ("--output", "--save-answers"):
        code, _, err = run("assess", "--answers", str(answers), option, str(answers), "--force")
        assert code == 2 and f"error: {answers}: is an input of this command" in err
        assert answers.read_text() == text


def test_a_name_ending_in_a_slash_is_never_written_as_a_file(tmp_path: Path) -> None:
    """issue 23, item 3: `--output newdir/` wrote a file named `newdir`."""
    example = str(EXAMPLES / "payroll-manufacturer.yaml")
    code, _, err = run("assess", "-a", example, "--output", f"{tmp_path}/newdir/", "--force")
    assert code == 2
    assert (
        err
        == f"error: {tmp_path}/newdir/: ends with /, so it names a directory; give a file name\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_nothing_is_replaced_only_with_force(tmp_path: Path) -> None:
    """issue 23, item 3: a dangling symbolic link at the output path was replaced silently."""
    example = str(EXAMPLES / "payroll-manufacturer.yaml")
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "gone.md")
    code, _, err = run("assess", "-a", example, "--format", "markdown", "-o", str(link))
    assert code == 2 and "is a symbolic link to nothing" in err
    assert link.is_symlink() and not (tmp_path / "gone.md").exists()
    code, _, _ = run("assess", "-a", example, "--format", "markdown", "-o", str(link), "--force")
    assert code == 0 and link.is_file() and not link.is_symlink()
    assert not (tmp_path / "gone.md").exists()  # the link replaced, not followed


# ---------------------------------------------------------------- the umask


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


WRITERS = {
    "report": ["assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "html", "-o"],
    "decision": ["assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "json", "-o"],
    "answers": ["assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "--save-answers"],
    "template": ["template", "--output"],
    "sarif": ["lint", str(EXAMPLES), "--sarif-output"],
    "portfolio": ["compare", str(EXAMPLES), "-f", "csv", "-o"],
}


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002, 0o077], ids=oct)
@pytest.mark.parametrize("what", sorted(WRITERS))
def test_written_files_follow_the_umask(tmp_path: Path, umask: Any, what: str, mask: int) -> None:
    """issue 23, item 13: every file was 0600 whatever the umask; a board paper on a shared
    drive could not be read by colleagues."""
    umask(mask)
    out = tmp_path / "out.txt"
    code, _, err = run(*WRITERS[what], str(out))
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Any) -> None:
    out = tmp_path / "board.html"
    out.write_text("old")
    os.chmod(out, 0o640)
    code, _, _ = run(*WRITERS["report"], str(out), "--force")
    assert code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_the_cache_stays_private_whatever_the_umask(
    tmp_path: Path, umask: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    umask(0o000)
    folder = tmp_path / "cache"
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(folder))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    code, _, _ = run("assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"))
    assert code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


# ---------------------------------------------------------------- atomic writes


def test_a_fault_mid_write_leaves_the_old_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 23, item 20: the disk fills up half-way through the new content."""
    path = tmp_path / "report.md"
    path.write_text("the old report\n")
    real_write = os.write
    written: list[int] = []

    def half_then_full(fd: int, data: Any) -> int:
        if written:
            raise OSError(28, "No space left on device")
        written.append(real_write(fd, bytes(data[: len(data) // 2])))
        return written[-1]

    monkeypatch.setattr(files.os, "write", half_then_full)
    with pytest.raises(UsageError, match=r"report\.md: cannot be written: No space left on device"):
        files.write_atomic(path, "the new report, " * 10_000)
    assert written and written[0] > 0  # the fault came mid-write, not before it
    assert path.read_text() == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_the_new_file_is_renamed_into_place_never_copied_over_the_old_one(
    tmp_path: Path,
) -> None:
    """A reader that has the old file open reads all of it, whatever happens to the name: the
    old file is never truncated or written in place."""
    path = tmp_path / "decision.json"
    path.write_text("the old decision\n")
    with path.open() as reader:
        files.write_atomic(path, "the new decision\n")
        assert reader.read() == "the old decision\n"
        assert os.fstat(reader.fileno()).st_ino != path.stat().st_ino
    assert path.read_text() == "the new decision\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decision.json"]


@pytest.mark.parametrize("step", ["fsync", "replace", "fchmod"])
def test_a_fault_at_any_step_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("old: answers\n")

    def fault(*args: Any, **kwargs: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, step, fault)
    with pytest.raises(UsageError, match=r"answers\.yaml: cannot be written: Input/output error"):
        files.write_atomic(path, "new: answers\n")
    assert path.read_text() == "old: answers\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]
