"""The provider evaluation sets (questionnaires/providers/, issue 26): their own folder of the
built-in sets, never part of the sourcing interview's catalog, linted like the others, every
question with the evidence to ask for."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.lint.runner import lint_paths
from outsource_cli.questionnaire.catalog import builtin_directory, load_catalog
from outsource_cli.questionnaire.providers import providers_directory
from tests.conftest import EXAMPLES, ROOT

PROVIDER_SETS = {"delivery", "transformation", "relationship", "diligence", "fit", "terms"}


def test_the_interview_never_loads_the_provider_sets() -> None:
    catalog = load_catalog(use_cache=False)
    assert not {s.id for s in catalog.sets} & PROVIDER_SETS
    assert {s.id for s in catalog.sets} == {
        "profile", "core", "control", "skills", "culture", "cost",
    }  # fmt: skip


def test_the_provider_sets_load_as_their_own_catalog() -> None:
    assert providers_directory() == builtin_directory() / "providers"
    catalog = load_catalog(providers_directory(), use_cache=False)
    assert {s.id for s in catalog.sets} == PROVIDER_SETS
    # the twelve capabilities of Feeny, Lacity and Willcocks, in three competencies
    capabilities = [q.id for s in ("delivery", "transformation", "relationship")
                    for q in catalog.questions_of(s)]  # fmt: skip
    assert len(capabilities) == 12


def test_every_provider_question_names_the_evidence_to_ask_for() -> None:
    catalog = load_catalog(providers_directory(), use_cache=False)
    for qid, q in catalog.questions.items():
        assert re.search(r"Evidence: ask .{10,}\.$", q.help or ""), qid


def test_a_questionnaires_folder_with_its_own_providers_folder_uses_it(tmp_path: Path) -> None:
    (tmp_path / "providers").mkdir()
    assert providers_directory(tmp_path) == tmp_path / "providers"
    assert providers_directory(tmp_path / "nothing") == builtin_directory() / "providers"


def test_lint_checks_the_provider_sets_and_provider_files_strictly() -> None:
    result = CliRunner().invoke(
        app,
        ["lint", str(ROOT / "questionnaires" / "providers"), str(EXAMPLES / "vetting"), "--strict"],
    )
    assert result.exit_code == 0, result.output


def test_lint_checks_a_provider_file_against_the_provider_sets(tmp_path: Path) -> None:
    bad = tmp_path / "acme.yaml"
    bad.write_text(
        "version: 1\nprovider: Acme\nanswers:\n  delivery:\n    leadershp: proven\n"
        "  control:\n    audit_rights: yes\n"
    )
    result = lint_paths([bad], catalog_for_answers=load_catalog)
    messages = [f"{f.line}:{f.code} {f.message}" for f in result.findings]
    assert "5:A001 unknown question 'delivery.leadershp' (did you mean 'leadership'?)" in messages
    assert any(m.startswith("6:A001 unknown question set 'control'") for m in messages), messages


def test_a_provider_field_must_be_text(tmp_path: Path) -> None:
    bad = tmp_path / "acme.yaml"
    bad.write_text("version: 1\nprovider: [a, b]\nanswers: {}\n")
    result = lint_paths([bad], catalog_for_answers=load_catalog)
    assert [(f.line, f.code, f.message) for f in result.findings] == [
        (2, "A005", "'provider' must be text")
    ]
