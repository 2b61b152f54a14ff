"""The catalog cache: data only (JSON), keyed on content; a hit skips loading; any change,
corruption or planted entry is a miss or refused, never code run, never a stale catalog."""

from __future__ import annotations

import ast
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.errors import InputError
from outsource_cli.questionnaire import cache
from outsource_cli.questionnaire.catalog import load_catalog
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(folder))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.json"))


def test_a_valid_catalog_is_cached_as_json_and_read_back(qdir: Path, cache_dir: Path) -> None:
    first = load_catalog(qdir)
    (entry,) = entries(cache_dir)
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    mac, body = entry.read_text().split("\n", 1)  # signed with the user's key, then the data
    data = json.loads(body)
    assert data["format"] == cache.FORMAT and entry.name == f"catalog-{data['key']}.json"
    secret = cache_dir / cache.SECRET
    assert oct(secret.stat().st_mode & 0o777) == "0o600" and len(secret.read_bytes()) == 32
    assert len(mac) == 64
    again = load_catalog(qdir)
    assert again == first and again is not first
    assert entries(cache_dir) == [entry]


def test_an_entry_not_signed_with_the_users_key_is_a_miss(qdir: Path, cache_dir: Path) -> None:
    expected = load_catalog(qdir)
    (entry,) = entries(cache_dir)
    mac, body = entry.read_text().split("\n", 1)
    forged = body.replace("Cost and economics", "Cost, forged")
    entry.write_text(mac + "\n" + forged)  # the old signature does not fit the new content
    assert load_catalog(qdir) == expected  # read from the files again
    assert "forged" not in entry.read_text()  # and the entry written anew


def test_a_changed_file_is_a_new_key(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    f = qdir / "cost.yaml"
    f.write_text(f.read_text().replace("title: Cost and economics", "title: Cost"))
    assert load_catalog(qdir).sets[-1].title == "Cost"
    assert len(entries(cache_dir)) == 2


def test_a_same_size_edit_with_the_mtime_restored_is_never_served_stale(
    qdir: Path, cache_dir: Path
) -> None:
    """cp -p, rsync -t, tar x and 1-second filesystems keep size and mtime: content decides."""
    f = qdir / "core.yaml"
    before = load_catalog(qdir)
    st = f.stat()
    text = f.read_text()
    old = "title: Core competency"
    assert old in text
    f.write_text(text.replace(old, "title: Core competencY"))  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    after = load_catalog(qdir)
    titles = {s.id: s.title for s in before.sets}, {s.id: s.title for s in after.sets}
    assert titles[0]["core"] == "Core competency" and titles[1]["core"] == "Core competencY"


def test_broken_files_are_never_cached(qdir: Path, cache_dir: Path) -> None:
    (qdir / "cost.yaml").write_text("id: cost\n")
    with pytest.raises(InputError):
        load_catalog(qdir)
    assert entries(cache_dir) == []


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/outsource-pwned-by-cache",))


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps(_Boom()),
        b"not json at all",
        b'{"format": 2, "key": "KEY", "sets": "!!python/object/apply:os.system", "policy": 1}',
        b'{"format": 2, "key": "KEY", "sets": [{"__reduce__": "os.system"}], "policy": {}}',
        b'{"format": 1, "key": "KEY"}',
        b"\x80\x04\x95" + b"\x00" * 64,
    ],
)
def test_a_planted_entry_never_runs_anything_and_is_a_miss(
    qdir: Path, cache_dir: Path, payload: bytes
) -> None:
    expected = load_catalog(qdir)
    (entry,) = entries(cache_dir)
    key = entry.name.removeprefix("catalog-").removesuffix(".json")
    entry.write_bytes(payload.replace(b"KEY", key.encode()))
    assert load_catalog(qdir) == expected  # falls back to the files, and writes a good entry
    assert not Path("/tmp/outsource-pwned-by-cache").exists()
    assert json.loads(entry.read_text().split("\n", 1)[1])["key"] == key


def _assess(qdir: Path) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        [
            "assess",
            "--answers",
            str(EXAMPLES / "payroll-manufacturer.yaml"),
            "--questionnaires",
            str(qdir),
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_shared_cache_folder_is_refused_with_one_warning_line(
    qdir: Path, cache_dir: Path
) -> None:
    load_catalog(qdir)
    (entry,) = entries(cache_dir)
    os.chmod(cache_dir, 0o777)
    entry.write_text("{}")  # would be a miss anyway: it must not even be rewritten
    code, out, err = _assess(qdir)
    assert code == 0 and "OUTSOURCE" in out
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: not using the catalog cache: cache folder {cache_dir} is writable by group "
        "or others (mode 777)"
    ]
    assert entry.read_text() == "{}"


def test_an_unsafe_entry_is_refused_with_a_warning(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    (entry,) = entries(cache_dir)
    os.chmod(entry, 0o666)
    code, _, err = _assess(qdir)
    assert code == 0
    assert f"cache entry {entry.name} is writable by group or others" in err


def test_a_symlinked_entry_is_not_followed(qdir: Path, cache_dir: Path, tmp_path: Path) -> None:
    load_catalog(qdir)
    (entry,) = entries(cache_dir)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    code, _, err = _assess(qdir)
    assert code == 0
    assert f"cache entry {entry.name} is a symbolic link" in err


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the folder to another user")
def test_a_cache_folder_owned_by_another_user_is_refused(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    os.chown(cache_dir, 65534, 65534)
    code, _, err = _assess(qdir)
    assert code == 0 and "is owned by another user (uid 65534)" in err


def test_no_cache(qdir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTSOURCE_NO_CACHE", "1")
    load_catalog(qdir)
    assert not cache_dir.exists()


def test_use_cache_false_touches_no_cache(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir, use_cache=False)
    assert not cache_dir.exists()


def test_no_module_imports_a_code_executing_deserialiser() -> None:
    banned = {"pickle", "shelve", "marshal", "dill", "cloudpickle", "_pickle"}
    for path in (ROOT / "outsource_cli").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in banned, f"{path} imports {name}"


def test_a_change_to_the_tools_code_is_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A development checkout changes the code in place, without a new version."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    code = package / "sub" / "engine.py"
    code.write_text("x = 1\n")
    (package / "sub" / "notes.txt").write_text("not code")
    monkeypatch.setattr(cache, "PACKAGE", package)
    files = [("core.yaml", b"id: core\n")]
    before = cache.key(tmp_path, files)
    assert cache.key(tmp_path, files) == before
    (package / "sub" / "notes.txt").write_text("still not code")
    assert cache.key(tmp_path, files) == before
    code.write_text("x = 22\n")
    assert cache.key(tmp_path, files) != before
    st = code.stat()
    changed = cache.key(tmp_path, files)
    os.utime(code, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert cache.key(tmp_path, files) != changed
    (package / "new.py").write_text("")
    assert cache.key(tmp_path, files) not in (before, changed)


def _assess_in_a_process(qdir: Path) -> subprocess.CompletedProcess[str]:
    """As a user runs it, with a time limit: a cache file must never be waited on."""
    example = str(EXAMPLES / "payroll-manufacturer.yaml")
    command = [sys.executable, "-m", "outsource_cli", "assess", "-a", example]
    return subprocess.run(
        [*command, "--questionnaires", str(qdir), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("where", ["entry", "secret"])
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_in_the_cache_is_refused_with_a_warning(
    qdir: Path, cache_dir: Path, where: str, kind: str
) -> None:
    expected = _assess_in_a_process(qdir).stdout  # fills the cache
    (entry,) = entries(cache_dir)
    target = entry if where == "entry" else cache_dir / cache.SECRET
    target.unlink()
    if kind == "folder":
        target.mkdir(mode=0o700)
    else:
        os.mkfifo(target, 0o600)
    proc = _assess_in_a_process(qdir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    name = entry.name if where == "entry" else "secret"
    what = "cache entry" if where == "entry" else "cache key"
    assert (
        f"warning: not using the catalog cache: {what} {name} is not a regular file" in proc.stderr
    )
    assert proc.stderr.count("warning:") == 1


@pytest.mark.parametrize("damage", ["empty", "short", "readable by others"])
def test_a_damaged_key_is_replaced_and_the_cache_works_again(
    qdir: Path, cache_dir: Path, damage: str
) -> None:
    """A first write cut short (kill -9) left an empty key: the cache must not stay off."""
    expected = load_catalog(qdir)
    secret = cache_dir / cache.SECRET
    if damage == "readable by others":
        os.chmod(secret, 0o644)
    else:
        secret.write_bytes(b"" if damage == "empty" else b"x" * 31)
    assert load_catalog(qdir) == expected  # a miss: read from the files, and a new key
    assert len(secret.read_bytes()) == 32 and oct(secret.stat().st_mode & 0o777) == "0o600"
    assert cache.read(entries(cache_dir)[0].name.removeprefix("catalog-").removesuffix(".json"))
    assert not list(cache_dir.glob(".secret-*"))
