from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from outsource_cli.questionnaire.catalog import Catalog, builtin_directory, load_catalog
from outsource_cli.questionnaire.models import Policy, QuestionSet

ROOT = Path(__file__).resolve().parent.parent

# Fuzzing: enough examples in CI to matter; `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`
# for a longer run.
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_SUPPRESS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES = ROOT / "examples"


PRIVATE = ("HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "OUTSOURCE_CACHE_DIR")


def real_folders() -> list[Path]:
    """The user's own cache and state folders of this tool, from the environment as it is."""
    home = Path(os.path.expanduser("~"))
    cache = os.environ.get("XDG_CACHE_HOME") or str(home / ".cache")
    state = os.environ.get("XDG_STATE_HOME") or str(home / ".local" / "state")
    folders = [Path(cache) / "outsource-cli", Path(state) / "outsource-cli"]
    if os.environ.get("OUTSOURCE_CACHE_DIR"):
        folders.append(Path(os.environ["OUTSOURCE_CACHE_DIR"]))
    return folders


# What this version of the tool writes there (other programs, or other versions run by other
# sessions of the same user at the same time, may write other files: not the tests' doing).
OURS = ("catalog-*.json", ".catalog-*.tmp", "interview-*", ".interview-*")


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file this tool writes below ``folders``, with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if folder.is_dir():
            for pattern in OURS:
                for path in folder.glob(pattern):
                    st = path.lstat()
                    found[str(path)] = (st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture(autouse=True, scope="session")
def _private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test (and subprocess) runs with HOME, the XDG cache and state folders and
    OUTSOURCE_CACHE_DIR in a temporary folder; at the end, the user's real cache and state
    folders of this tool must be exactly as they were (nothing read-written there)."""
    real = real_folders()
    before = snapshot(real)
    old = {name: os.environ.get(name) for name in PRIVATE}
    base = tmp_path_factory.mktemp("home")
    for name, sub in zip(PRIVATE, ("home", "cache", "state", "outsource-cache"), strict=True):
        (base / sub).mkdir()
        os.environ[name] = str(base / sub)
    yield
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    assert snapshot(real) == before, f"the tests wrote to the user's own folders: {real}"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    """A writable copy of the built-in question sets."""
    target = tmp_path / "questionnaires"
    shutil.copytree(builtin_directory(), target)
    return target


def option(value: Any, score: float | None = None) -> dict[str, Any]:
    o: dict[str, Any] = {"value": value, "label": str(value).title()}
    if score is not None:
        o["score"] = score
        o["because"] = f"because {value}"
    return o


def choice_q(qid: str, scores: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "text": f"{qid}?",
        "help": "why",
        "type": "single",
        "options": [option(v, s) for v, s in scores.items()],
        **extra,
    }


MINI_POLICY: dict[str, Any] = {
    "form": {"default": "bpo", "because": "default form", "rules": []},
    "location": {"default": "offshore", "because": "default location", "rules": []},
}


VERDICTS = ("insource", "eliminate_or_migrate", "co_source", "best_source", "outsource")


def strategy_policy(draw: Any, number_at: float) -> dict[str, Any]:
    """A generated strategy stage for the worlds of the property tests: cells on the choice
    ``a.x``, the number ``a.n`` (at ``number_at``) and the yes/no ``b.y``, each with a drawn
    verdict, and a drawn default (``draw``: hypothesis's)."""
    from hypothesis import strategies as st

    verdict = st.sampled_from(VERDICTS)
    cells = [
        {"question": "a.x", "equals": "v0"},
        {"question": "a.n", "gte": number_at},
        {"question": "b.y", "equals": True},
    ]
    return {
        "strategy": {
            "default": draw(verdict),
            "cells": [
                {
                    "id": f"c{i}",
                    "framework": "F",
                    "cell": f"cell {i}",
                    "when": when,
                    "verdict": draw(verdict),
                    "because": "b",
                }
                for i, when in enumerate(cells)
                if draw(st.booleans())
            ],
        }
    }


def make_catalog(sets: list[dict[str, Any]], **policy: Any) -> Catalog:
    """A catalog from plain data, checked by the same rules as files on disk."""
    merged = {**MINI_POLICY, **policy}
    return Catalog.build(
        [QuestionSet.model_validate(s) for s in sets], Policy.model_validate(merged), "<test>"
    )


def spawn_cli(
    *args: str, term: str = "xterm", columns: int = 80, rows: int = 40, **env: str
) -> Any:
    """``outsource ARGS`` in a pseudo-terminal of ``rows`` x ``columns`` (a pexpect child that
    keeps what it read in ``logfile_read``). PROMPT_TOOLKIT_NO_CPR: pexpect does not answer
    cursor-position requests, which would otherwise make every prompt wait for a reply that
    never comes."""
    import io

    import pexpect

    full = {
        **os.environ,
        "TERM": term,
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        **env,
    }
    full.pop("NO_COLOR", None)
    full.pop("OUTSOURCE_PLAIN", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", *args],
        env=full,
        dimensions=(rows, columns),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = io.StringIO()
    return child


def full_interview(args: tuple[str, ...]) -> tuple[str, ...]:
    """``args`` of an interview (``assess`` without ``--answers``) with ``--full``: the whole
    interview in the set order, which the tests of keys, going back and the review drive
    (the adaptive order, the default, has tests of its own: tests/test_pty_adaptive.py)."""
    if args[:1] == ("assess",) and "--answers" not in args and "-a" not in args:
        return ("assess", "--full", *args[1:])
    return args
