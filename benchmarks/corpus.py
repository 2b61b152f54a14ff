"""Generates a realistic corpus of question-set files for the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "provider",
    "data",
    "contract",
    "service",
    "cost",
    "team",
    "risk",
    "quality",
    "process",
    "audit",
    "vendor",
    "skill",
    "language",
    "region",
    "volume",
    "change",
    "control",
    "report",
    "budget",
    "customer",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def question_set(index: int, questions: int = 20, seed: int = 0) -> str:
    rng = random.Random(seed * 100_003 + index)
    sid = f"set_{index:04d}"
    lines = [
        f"id: {sid}",
        f"title: {_sentence(rng, 3)} {index}",
        f"description: {_sentence(rng, 12)}.",
        f"weight: {rng.choice([1, 1, 1.5, 2])}",
        f"order: {index}",
        "questions:",
    ]
    for q in range(questions):
        kind = (
            "single"
            if q == 0
            else rng.choice(["single", "single", "single", "yes_no", "scale", "number", "multi"])
        )
        lines += [
            f"  - id: q{q:02d}",
            f"    text: {_sentence(rng, 8)} {index}-{q}?",
            "    help: >-",
            f"      {_sentence(rng, 14)}.",
            f"      {_sentence(rng, 10)}.",
            f"    type: {kind}",
            f"    weight: {rng.choice([1, 1, 2])}",
        ]
        if q > 2 and rng.random() < 0.2:
            lines.append(f"    when: {{question: {sid}.q00, in: [a, b]}}")
        if kind == "number":
            lines += [
                "    min: 0",
                "    max: 100",
                "    unit: '%'",
                "    default: 10",
                "    ranges:",
            ]
            for up, score in ((10, 20), (30, 50), (100, 85)):
                lines.append(
                    f"      - {{up_to: {up}, score: {score}, because: {_sentence(rng, 6).lower()}}}"
                )
            continue
        values = {"yes_no": ["yes", "no"], "scale": ["1", "2", "3", "4", "5"]}.get(
            kind, ["a", "b", "c", "d"]
        )
        lines.append("    options:")
        scores = rng.sample(range(101), len(values))
        for v, score in zip(values, scores, strict=True):
            lines.append(
                f"      - {{value: {v}, label: {_sentence(rng, 4)}, score: {score}, "
                f"because: {_sentence(rng, 7).lower()}}}"
            )
    return "\n".join(lines) + "\n"


POLICY = """\
gates:
  - id: g
    title: A gate
    when: {question: set_0000.q00, equals: a}
    cap: hybrid
    because: a reason
form:
  default: bpo
  because: default
location:
  default: offshore
  because: default
"""


def write_corpus(folder: Path, files: int = 1000, questions: int = 20) -> int:
    """Write ``files`` question sets and a policy into ``folder``; returns the number of lines."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(files):
        text = question_set(i, questions)
        total += text.count("\n")
        (folder / f"set_{i:04d}.yaml").write_text(text)
    (folder / "policy.yaml").write_text(POLICY)
    return total
