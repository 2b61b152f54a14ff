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
from outsource_cli.questionnaire.shapes import Policy, QuestionSet

ROOT = Path(__file__).resolve().parent.parent

# Fuzzing: enough examples in CI to matter; `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`
# for a longer run.
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_SUPPRESS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES = ROOT / "examples"


def examples(share: float) -> int:
    """``share`` of the loaded profile's examples (ci: 150, long: 5,000), at least one: for the
    slowest properties, so that each stays well inside pytest-timeout's 120 s on a loaded
    machine (measure with ``pytest --durations=15``) and a long run still goes deeper."""
    return max(1, round(settings.default.max_examples * share))


PRIVATE = ("HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "OUTSOURCE_CACHE_DIR")
GUARD = Path(__file__).resolve().parent / "guard"  # sitecustomize.py for the tests' processes


def real_folders() -> list[Path]:
    """The user's own cache and state folders of this tool, from the environment as it is."""
    home = Path(os.path.expanduser("~"))
    cache = os.environ.get("XDG_CACHE_HOME") or str(home / ".cache")
    state = os.environ.get("XDG_STATE_HOME") or str(home / ".local" / "state")
    folders = [Path(cache) / "outsource-cli", Path(state) / "outsource-cli"]
    if os.environ.get("OUTSOURCE_CACHE_DIR"):
        folders.append(Path(os.environ["OUTSOURCE_CACHE_DIR"]))
    return folders


class FolderGuard:
    """Notes every change the tests make below ``folders``: in this process, and in every
    Python process started with the environment of :meth:`environment` (an audit hook loaded
    by ``tests/guard/sitecustomize.py``). What other programs do there is not noted: the check
    does not depend on what else happens on the machine."""

    def __init__(self, folders: list[Path], log: Path) -> None:
        from tests.guard.sitecustomize import install

        self.folders, self.log = folders, log
        self.seen: list[str] = []
        self.stop = install([str(f) for f in folders], self.seen.append)

    def environment(self) -> dict[str, str]:
        path = os.environ.get("PYTHONPATH")
        return {
            "OUTSOURCE_TEST_FORBIDDEN": os.pathsep.join(str(f) for f in self.folders),
            "OUTSOURCE_TEST_GUARD_LOG": str(self.log),
            "PYTHONPATH": str(GUARD) + (os.pathsep + path if path else ""),
        }

    def findings(self) -> list[str]:
        logged = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return [*self.seen, *logged]


GUARDED = ("OUTSOURCE_TEST_FORBIDDEN", "OUTSOURCE_TEST_GUARD_LOG", "PYTHONPATH")


@pytest.fixture(autouse=True, scope="session")
def _private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test (and subprocess) runs with HOME, the XDG cache and state folders and
    OUTSOURCE_CACHE_DIR in a temporary folder; at the end, no process of the tests has written,
    renamed, removed or made anything in the user's real cache and state folders of this tool
    (see :class:`FolderGuard`)."""
    base = tmp_path_factory.mktemp("home")
    guard = FolderGuard(real_folders(), base / "guard.log")
    old = {name: os.environ.get(name) for name in (*PRIVATE, *GUARDED)}
    os.environ.update(guard.environment())
    for name, sub in zip(PRIVATE, ("home", "cache", "state", "outsource-cache"), strict=True):
        (base / sub).mkdir()
        os.environ[name] = str(base / sub)
    yield
    guard.stop()
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    found = guard.findings()
    assert not found, "the tests wrote to the user's own folders:\n" + "\n".join(found[:20])


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
        preexec_fn=default_sigint,
    )
    child.logfile_read = io.StringIO()
    return child


CURRENCY = "The currency of the costs"  # the question after the name, in a new interview


def answer_currency(child: Any, code: str = "") -> None:
    """Answer the currency question that follows the function's name in a new interview
    (Enter takes the suggestion, the locale's currency or EUR)."""
    child.expect(CURRENCY)
    child.send(code + "\r")


def default_sigint() -> None:
    """In a child: SIGINT as a terminal's Ctrl-C sends it, whatever the test runner ignores
    (a SIGINT ignored at start stays ignored, as under nohup)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def prompt_ready(child: Any) -> None:
    """Until the arrow-key prompt being drawn takes keys: prompt_toolkit turns bracketed paste
    on once it has the terminal (raw mode: Ctrl-C is a key), then draws the prompt (its "?").
    A Ctrl-C sent as soon as a question's text shows can come before that, as a signal, while
    the prompt starts."""
    child.expect_exact("\x1b[?2004h")
    child.expect_exact("?")


def reading(child: Any, timeout: float = 30.0) -> None:
    """Until the child waits for a line (a plain prompt's read): input() prints its prompt,
    then reads; a SIGINT that comes between the two is acted on only once a line is read.
    Linux: the process sleeps; elsewhere, a pause."""
    import time

    stat = Path(f"/proc/{child.pid}/stat")
    if not stat.exists():
        time.sleep(0.5)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stat.read_text().rsplit(")", 1)[1].split()[0] == "S":
            return
        time.sleep(0.01)
    raise AssertionError(f"the child never waited for input: {stat.read_text()}")


def full_interview(args: tuple[str, ...]) -> tuple[str, ...]:
    """``args`` of an interview (``assess`` without ``--answers``) with ``--full``: the whole
    interview in the set order, which the tests of keys, going back and the review drive
    (the adaptive order, the default, has tests of its own: tests/test_pty_adaptive.py)."""
    if args[:1] == ("assess",) and "--answers" not in args and "-a" not in args:
        return ("assess", "--full", *args[1:])
    return args
