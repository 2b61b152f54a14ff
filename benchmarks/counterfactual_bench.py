"""Counterfactual analysis speed on the built-in question sets and the examples.

    python benchmarks/counterfactual_bench.py [--runs 21]

Target (issue 4): a full single-change analysis under 50 ms. Pairs are timed for information.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from outsource_cli.decision.counterfactuals import analyse, candidate_changes
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import load_catalog

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    catalog = load_catalog()
    ok = True
    print(f"{'example':32} {'changes':>7} {'singles':>9} {'pairs':>9}")
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = load_answers(path, catalog).answers
        n = len(candidate_changes(catalog, answers))
        singles = median_ms(lambda a=answers: analyse(catalog, a, pairs=False), args.runs)
        pairs = median_ms(lambda a=answers: analyse(catalog, a, pairs=True), max(3, args.runs // 7))
        ok &= singles < 50
        print(f"{path.name:32} {n:7} {singles:7.1f}ms {pairs:7.0f}ms")
    print("target: single-change analysis < 50 ms:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
