from __future__ import annotations

import os
import shutil
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


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the catalog cache of the tests (and their subprocesses) out of the user's home."""
    old = os.environ.get("OUTSOURCE_CACHE_DIR")
    os.environ["OUTSOURCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("OUTSOURCE_CACHE_DIR", None)
    else:
        os.environ["OUTSOURCE_CACHE_DIR"] = old


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
    "bands": [
        {"outcome": "keep_in_house", "min": 0, "max": 40},
        {"outcome": "hybrid", "min": 40, "max": 60},
        {"outcome": "outsource", "min": 60, "max": 100},
    ],
    "form": {"default": "bpo", "because": "default form", "rules": []},
    "location": {"default": "offshore", "because": "default location", "rules": []},
}


def make_catalog(sets: list[dict[str, Any]], **policy: Any) -> Catalog:
    """A catalog from plain data, checked by the same rules as files on disk."""
    merged = {**MINI_POLICY, **policy}
    return Catalog.build(
        [QuestionSet.model_validate(s) for s in sets], Policy.model_validate(merged), "<test>"
    )
