"""The catalog cache: data only (JSON), keyed on content; a hit skips loading; any change,
corruption or planted entry is a miss or refused, never code run, never a stale catalog."""

from __future__ import annotations

import ast
import json
import os
import pickle
import shutil
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
    from outsource_cli.commands import common

    common.WARNED.clear()  # each warning is said once per run: here, once per invocation
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


# ---------------------------------------------------------------- a folder of its own


def _state(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file in ``folder``: its content, mode and modification time."""
    found = {}
    for p in sorted(folder.iterdir()):
        st = p.lstat()
        data = os.readlink(p).encode() if p.is_symlink() else p.read_bytes()
        found[p.name] = (data, st.st_mode, st.st_mtime_ns)
    return found


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_a_folder_with_files_the_cache_did_not_make_is_never_written_or_pruned(
    qdir: Path, cache_dir: Path
) -> None:
    """issue 23, item 1: OUTSOURCE_CACHE_DIR pointed at a project replaced its `secret` and
    pruned its `catalog-*.json` files."""
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "secret").write_text("db-password\n")
    for n in range(1, 21):
        (cache_dir / f"catalog-user{n}.json").write_text(f'{{"user": {n}}}')
    before = _state(cache_dir)
    for _ in range(2):
        code, out, err = _assess(qdir)
        assert code == 0 and "OUTSOURCE" in out
        assert _warnings(err) == [
            f"warning: not using the catalog cache: cache folder {cache_dir} holds files the "
            "cache did not make (catalog-user1.json, catalog-user10.json, catalog-user11.json "
            "and 17 more); give it a folder of its own (OUTSOURCE_CACHE_DIR)"
        ]
        assert _state(cache_dir) == before


def test_a_file_named_like_the_key_in_a_folder_it_did_not_make_is_left_alone(
    qdir: Path, cache_dir: Path
) -> None:
    """Every name is one the cache uses, but the folder is neither tagged nor the cache's."""
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "secret").write_text("db-password\n")
    before = _state(cache_dir)
    code, _, err = _assess(qdir)
    assert code == 0
    assert _warnings(err) == [
        f"warning: not using the catalog cache: cache folder {cache_dir} was not made by this "
        "tool (no CACHEDIR.TAG of its own, and files it cannot verify as its own); give it a "
        "folder of its own (OUTSOURCE_CACHE_DIR)"
    ]
    assert _state(cache_dir) == before


def test_another_tools_cachedir_tag_does_not_make_the_folder_the_caches(
    qdir: Path, cache_dir: Path
) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / cache.TAG).write_bytes(
        b"Signature: 8a477f597d28d172789f06886806bc55\n# another tool's cache\n"
    )
    before = _state(cache_dir)
    code, _, err = _assess(qdir)
    assert code == 0 and len(_warnings(err)) == 1 and "was not made by this tool" in err
    assert _state(cache_dir) == before


def test_a_folder_it_makes_is_tagged_and_an_empty_one_adopted(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    assert (cache_dir / cache.TAG).read_bytes() == cache.TAG_TEXT
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [cache.TAG, cache.SECRET, entries(cache_dir)[0].name]
    )
    shutil.rmtree(cache_dir)
    cache_dir.mkdir(mode=0o700)  # made by the user for it: empty
    load_catalog(qdir)
    assert (cache_dir / cache.TAG).read_bytes() == cache.TAG_TEXT and len(entries(cache_dir)) == 1


def test_a_cache_made_by_an_earlier_version_is_verified_and_kept(
    qdir: Path, cache_dir: Path
) -> None:
    """No tag yet, but a valid key that signs every entry: the cache's own folder."""
    expected = load_catalog(qdir)
    (cache_dir / cache.TAG).unlink()
    (entry,) = entries(cache_dir)
    assert load_catalog(qdir) == expected  # a hit, as before
    qdir.joinpath("cost.yaml").write_text(
        qdir.joinpath("cost.yaml").read_text().replace("Cost and economics", "Cost")
    )
    load_catalog(qdir)  # a miss: written, and the folder tagged
    assert (cache_dir / cache.TAG).read_bytes() == cache.TAG_TEXT
    assert len(entries(cache_dir)) == 2 and entry.exists()


def test_an_unsigned_entry_in_an_untagged_folder_is_not_the_caches_own(
    qdir: Path, cache_dir: Path
) -> None:
    load_catalog(qdir)
    (cache_dir / cache.TAG).unlink()
    (entry,) = entries(cache_dir)
    entry.write_text("the user's own data\n")
    before = _state(cache_dir)
    code, _, err = _assess(qdir)
    assert code == 0 and len(_warnings(err)) == 1 and "was not made by this tool" in err
    assert _state(cache_dir) == before


def test_pruning_removes_only_old_entries(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    stale = [cache_dir / f"catalog-{n:064x}.json" for n in range(cache.KEEP + 4)]
    for n, path in enumerate(stale):
        path.write_text("stale\n")
        os.chmod(path, 0o600)
        os.utime(path, ns=(n, n))  # older than the entry just written
    f = qdir / "cost.yaml"
    f.write_text(f.read_text().replace("Cost and economics", "Cost"))
    load_catalog(qdir)
    names = {p.name for p in cache_dir.iterdir()}
    assert {cache.TAG, cache.SECRET} <= names
    assert len(entries(cache_dir)) == cache.KEEP
    assert not stale[0].exists() and stale[-1].exists()


@pytest.mark.parametrize("kind", ["file", "fifo", "under a file"])
def test_a_cache_dir_that_is_not_a_folder_is_said_once(
    qdir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """issue 23, item 14: a cache dir that is a file was ignored without a word."""
    if kind == "fifo":
        os.mkfifo(cache_dir)
        said = "is not a folder"
    else:
        cache_dir.write_text("my notes\n")
        said = "is a file, not a folder"
    if kind == "under a file":
        monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(cache_dir / "sub"))
        shown, said = cache_dir / "sub", "is under a file, not a folder"
    else:
        shown = cache_dir
    code, out, err = _assess(qdir)
    assert code == 0 and "OUTSOURCE" in out
    assert _warnings(err) == [f"warning: not using the catalog cache: cache folder {shown} {said}"]
    if kind != "fifo":
        assert cache_dir.read_text() == "my notes\n"


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to plant another user's link")
def test_a_link_planted_by_another_user_in_a_shared_folder_is_refused(
    qdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    victim = tmp_path / "mine"
    victim.mkdir(mode=0o700)  # empty: it would be adopted if the link were followed
    link = shared / "outsource-cli"
    link.symlink_to(victim)
    os.lchown(link, 65534, 65534)
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(link))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    code, _, err = _assess(qdir)
    assert code == 0
    assert _warnings(err) == [
        f"warning: not using the catalog cache: cache folder {link} is a symbolic link owned "
        "by another user (uid 65534)"
    ]
    assert list(victim.iterdir()) == []


# ---------------------------------------------------------------- exact checks


def test_an_entry_renamed_to_another_keys_name_is_not_used(qdir: Path, cache_dir: Path) -> None:
    """issue 23, item 18: a signed entry copied over another key's file was used."""
    other = qdir.parent / "other"
    shutil.copytree(qdir, other)
    f = other / "cost.yaml"
    f.write_text(f.read_text().replace("title: Cost and economics", "title: Other costs"))
    load_catalog(qdir)
    (mine,) = entries(cache_dir)
    load_catalog(other)
    (theirs,) = [e for e in entries(cache_dir) if e != mine]
    theirs.write_bytes(mine.read_bytes())  # signed by this user, but for the other key
    assert load_catalog(other).sets[-1].title == "Other costs"
    assert load_catalog(qdir).sets[-1].title == "Cost and economics"


@pytest.mark.parametrize("mode", [0o720, 0o702, 0o770, 0o707], ids=oct)
def test_a_folder_writable_by_group_or_others_is_refused(
    qdir: Path, cache_dir: Path, mode: int
) -> None:
    """issue 23, item 18: the check is on exactly the group- and world-write bits."""
    load_catalog(qdir)
    os.chmod(cache_dir, mode)
    (entry,) = entries(cache_dir)
    entry.write_text("{}")
    code, _, err = _assess(qdir)
    assert code == 0
    assert _warnings(err) == [
        f"warning: not using the catalog cache: cache folder {cache_dir} is writable by group "
        f"or others (mode {mode:o})"
    ]
    assert entry.read_text() == "{}"


@pytest.mark.parametrize("where", ["entry", "secret"])
@pytest.mark.parametrize("mode", [0o620, 0o602], ids=oct)
def test_an_entry_or_key_writable_by_group_or_others_is_refused(
    qdir: Path, cache_dir: Path, mode: int, where: str
) -> None:
    load_catalog(qdir)
    (entry,) = entries(cache_dir)
    target = entry if where == "entry" else cache_dir / cache.SECRET
    os.chmod(target, mode)
    code, _, err = _assess(qdir)
    assert code == 0
    what = f"cache entry {entry.name}" if where == "entry" else "cache key secret"
    assert _warnings(err) == [
        f"warning: not using the catalog cache: {what} is writable by group or others "
        f"(mode {mode:o})"
    ]


@pytest.mark.parametrize("mode", [0o700, 0o750, 0o755, 0o705], ids=oct)
def test_a_folder_others_may_read_but_not_write_is_used(
    qdir: Path, cache_dir: Path, mode: int
) -> None:
    load_catalog(qdir)
    os.chmod(cache_dir, mode)
    code, _, err = _assess(qdir)
    assert code == 0 and _warnings(err) == []
