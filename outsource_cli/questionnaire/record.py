"""What a decision was made against: the tool's version, a content hash of the question sets
and policy, and a fingerprint of each question, so that a record can say later which
questions were added, removed or rescored since.

The hash is a SHA-256 of the catalog's content as the catalog cache stores it
(:func:`outsource_cli.questionnaire.catalog.to_data`: every set and the policy, as the models
read them), not of the files' bytes: a comment, a reordered key or a reformatted file is the
same content, so it is no change; any change to a question, a weight, a stage's rule or a gate is.

A question's fingerprint hashes everything about it that can change a decision (its type,
options and their scores, ranges, weight, condition, whether it is required, its default),
and not its wording (text, help, labels, ``because`` sentences): a changed fingerprint means
the question was *rescored*. Set weights and the policy are recorded on their own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from outsource_cli import __version__
from outsource_cli.questionnaire.catalog import Catalog, to_data
from outsource_cli.questionnaire.source import as_text

TOOL = f"outsource-cli {__version__}"
WORDING = frozenset({"text", "help", "label", "because", "title", "description"})
FINGERPRINT_CHARS = 12


class Fingerprint(NamedTuple):
    """A catalog's record: what :func:`as_data` writes under ``record:``."""

    question_sets: str  # sha256 of every set and the policy
    policy: str  # sha256 of the policy alone
    set_weights: Mapping[str, float]
    questions: Mapping[str, str]  # set.question -> fingerprint, in asking order


class Changes(NamedTuple):
    """How the question sets in use differ from those a record was made against."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    rescored: tuple[str, ...]
    weights: tuple[tuple[str, float | None, float | None], ...]  # set, then, now
    policy: bool  # the policy (stages, gates, rules, mitigations) changed
    wording: bool  # only texts changed (the hash differs, nothing else does)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rescored or self.weights) or (
            self.policy or self.wording
        )

    def lines(self, name: Callable[[str], str] = str) -> list[str]:
        """Each change in words, for a message; ``name`` turns a question id into the words
        shown (its text, when the question still exists)."""
        out = []
        if self.added:
            out.append(f"new since: {'; '.join(map(name, self.added))}")
        if self.removed:
            out.append(f"removed since: {'; '.join(self.removed)}")
        if self.rescored:
            out.append(f"rescored since: {'; '.join(map(name, self.rescored))}")
        for set_id, was, now in self.weights:
            out.append(f"weight of {set_id}: {_weight_text(was)} then, {_weight_text(now)} now")
        if self.policy:
            out.append("the policy (stages, gates, rules or mitigations) changed")
        if self.wording:
            out.append("only the wording of questions or sets changed")
        return out


def _weight_text(x: float | None) -> str:
    return "no such set" if x is None else f"{x:g}"


def digest(data: Any) -> str:
    """The SHA-256 of plain data, written as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _scoring(value: Any) -> Any:
    """``value`` without its wording (texts people read), all the way down."""
    if isinstance(value, dict):
        return {k: _scoring(v) for k, v in value.items() if k not in WORDING}
    if isinstance(value, list):
        return [_scoring(v) for v in value]
    return value


def fingerprint(catalog: Catalog) -> Fingerprint:
    data = to_data(catalog)
    questions = {
        f"{s['id']}.{q['id']}": digest(_scoring(q))[:FINGERPRINT_CHARS]
        for s in data["sets"]
        for q in s["questions"]
    }
    return Fingerprint(
        "sha256:" + digest(data),
        "sha256:" + digest(data["policy"]),
        {qs.id: qs.weight for qs in catalog.sets},
        questions,
    )


def as_data(fp: Fingerprint) -> dict[str, Any]:
    """The ``record:`` of an answers file or a decision."""
    return {
        "tool": TOOL,
        "question_sets": fp.question_sets,
        "policy": fp.policy,
        "set_weights": dict(fp.set_weights),
        "questions": dict(fp.questions),
    }


def problem(raw: Any) -> str | None:
    """What is wrong with a ``record:`` read from a file, or None."""
    if not isinstance(raw, dict):
        return "'record' must be a mapping (the tool writes it: leave it as it is, or delete it)"
    for key in ("tool", "question_sets", "policy"):
        if not isinstance(raw.get(key), str):
            return f"'record' needs '{key}' as text (the tool writes it: leave it, or delete it)"
    questions, weights = raw.get("questions"), raw.get("set_weights")
    if not isinstance(questions, dict) or not all(
        isinstance(k, str) and isinstance(as_text(v), str) for k, v in questions.items()
    ):
        return "'record.questions' must map set.question ids to fingerprints"
    if not isinstance(weights, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
        for k, v in weights.items()
    ):
        return "'record.set_weights' must map set ids to numbers"
    return None


def from_data(raw: Mapping[str, Any]) -> Fingerprint:
    """The fingerprint in a ``record:`` read from a file (checked by :func:`problem`)."""
    questions = {q: as_text(v) for q, v in raw["questions"].items()}  # 123e45…: the text
    return Fingerprint(raw["question_sets"], raw["policy"], raw["set_weights"], questions)


def changes(raw: Mapping[str, Any], catalog: Catalog) -> Changes:
    """What changed between the record ``raw`` (checked by :func:`problem`) and ``catalog``."""
    return between(from_data(raw), catalog.fingerprint)


def between(then: Fingerprint, now: Fingerprint) -> Changes:
    """What changed from ``then`` to ``now``."""
    added = tuple(q for q in now.questions if q not in then.questions)
    removed = tuple(q for q in then.questions if q not in now.questions)
    rescored = tuple(
        q for q in now.questions if q in then.questions and then.questions[q] != now.questions[q]
    )
    was = then.set_weights
    weights = tuple(
        (s, was.get(s), now.set_weights.get(s))
        for s in [*now.set_weights, *(s for s in was if s not in now.set_weights)]
        if s in was and was.get(s) != now.set_weights.get(s)
    )
    policy = then.policy != now.policy
    other = bool(added or removed or rescored or weights or policy)
    wording = not other and then.question_sets != now.question_sets
    return Changes(added, removed, rescored, weights, policy, wording)
