"""Where the provider evaluation sets are (``outsource vet``; docs/vetting.md).

They are question sets and a policy in the same format as the sourcing interview's, kept in
their own folder, ``providers/``, inside the questionnaires folder: a catalog is read from
the files at the top of its folder only, so the interview never loads them.
"""

from __future__ import annotations

from pathlib import Path

from outsource_cli.questionnaire.catalog import builtin_directory

FOLDER = "providers"
PROVIDER_KEY = "provider"  # the answers-file field that names the provider evaluated


def providers_directory(questionnaires: Path | None = None) -> Path:
    """The provider sets that go with the questionnaires folder in use: its ``providers/``
    folder when it has one, else the built-in provider sets."""
    if questionnaires is not None and (questionnaires / FOLDER).is_dir():
        return questionnaires / FOLDER
    return builtin_directory() / FOLDER


def is_provider_file(data: object) -> bool:
    """An answers file about a provider (it names one), rather than about a function."""
    return isinstance(data, dict) and PROVIDER_KEY in data and "answers" in data
