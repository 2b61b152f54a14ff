"""The catalog cache: a hit skips loading; any change, corruption or unsafe entry is a miss."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outsource_cli.errors import InputError
from outsource_cli.questionnaire import cache
from outsource_cli.questionnaire.catalog import load_catalog


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(folder))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.pickle"))


def test_a_valid_catalog_is_cached_and_read_back(qdir: Path, cache_dir: Path) -> None:
    first = load_catalog(qdir)
    (entry,) = entries(cache_dir)
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    again = load_catalog(qdir)
    assert again == first and again is not first
    assert entries(cache_dir) == [entry]


def test_a_changed_file_is_a_new_key(qdir: Path, cache_dir: Path) -> None:
    load_catalog(qdir)
    f = qdir / "cost.yaml"
    f.write_text(f.read_text().replace("title: Cost and economics", "title: Cost"))
    assert load_catalog(qdir).sets[-1].title == "Cost"
    assert len(entries(cache_dir)) == 2


def test_broken_files_are_never_cached(qdir: Path, cache_dir: Path) -> None:
    (qdir / "cost.yaml").write_text("id: cost\n")
    with pytest.raises(InputError):
        load_catalog(qdir)
    assert entries(cache_dir) == []


def test_corrupt_or_unsafe_entries_are_ignored(qdir: Path, cache_dir: Path) -> None:
    expected = load_catalog(qdir)
    (entry,) = entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    assert load_catalog(qdir) == expected  # falls back to the files, and writes a good entry
    os.chmod(entry, 0o666)
    assert cache.read(entry.name.removeprefix("catalog-").removesuffix(".pickle")) is None


def test_no_cache(qdir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTSOURCE_NO_CACHE", "1")
    load_catalog(qdir)
    assert not cache_dir.exists()
