"""How long the adaptive interview takes to choose the next question (issue 25).

    python benchmarks/adaptive_bench.py [--runs 5] [--sizes 100,1000]

Prints figures; it is not a timed test. For each built-in example, the interview is replayed
through the adaptive order (answers from the file) and every choice of the next question is
timed: the median and the slowest, and how many questions it took to settle. Then the
generated sets of benchmarks/scale.py (light kind, half the questions answered): the time of
one choice at each size, with the growth factor from the size before (linear: the factor is
about the size ratio or less).

Target: choosing the next question within 50 ms on the built-in sets (the median; the first
choices, with nothing answered, are the slowest), growing no worse than linearly.

Measured (2 shared cores, load average 4-6). Before: medians 31.7-72.1 ms (analytics 48.6,
bank 31.7, payroll 60.2, service desk 72.1), 100 -> 1000 questions 29.1 -> 302.4 ms (x10.4).
After (the policy's conditions compiled once, :func:`conditions.checker`): medians 17.3-32.8
ms (analytics 22.8, bank 17.3, payroll 32.8, service desk 32.6), 13.5 -> 133.7 ms (x9.9).
The CPU time of the whole replay of the four examples, old and new code run alternately:
1.67-1.70 s before, 1.29-1.32 s after (median choice 24-26 ms -> 18.6-18.8 ms CPU).

With the readiness verdict in the stop rule (its steps' questions asked once the rest is
settled: payroll 19 -> 27 questions, service desk 18 -> 25), old and new code run alternately
on the same loaded machine (load average 3-5): medians 18.7-50.7 ms before, 22.1-42.9 ms after
(wall clock, noisy); in CPU time a choice costs the same, medians 10.2-20.7 ms before and
10.4-16.4 ms after (the readiness questions' choices are cheap), the whole replay 1.25-1.29 s
before, 1.38-1.41 s after (15 more choices); 100 -> 1000 questions 13.2-13.4 -> 75.7-84.5 ms
CPU (x5.7-6.3) before, 13.1-13.2 -> 74.7-82.4 ms (x5.6-6.3) after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import generate, write_answers  # noqa: E402
from outsource_cli.decision import adaptive  # noqa: E402
from outsource_cli.questionnaire.answers import load_answers  # noqa: E402
from outsource_cli.questionnaire.catalog import load_catalog, walk  # noqa: E402


def examples(runs: int) -> bool:
    catalog = load_catalog()
    context = adaptive.Context(catalog)
    ok = True
    print(f"{'example':32} {'settled after':>14} {'median':>8} {'slowest':>8}")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        full = dict(load_answers(path, catalog).answers)
        _, shown = walk(catalog, full)
        times: list[float] = []
        for _ in range(runs):
            asked: dict[str, object] = {}
            skipped: set[str] = set()
            last = None
            while not adaptive.settled(catalog, asked, context=context).done:
                start = time.perf_counter()
                qid = adaptive.next_question(
                    catalog, asked, skipped=skipped, last=last, context=context
                )
                times.append(time.perf_counter() - start)
                if qid is None:
                    break
                if qid in full:
                    asked[qid] = full[qid]
                else:
                    skipped.add(qid)
                last = qid
        median = statistics.median(times) * 1000
        ok &= median <= 50
        n = len(times) // runs
        print(
            f"{path.name:32} {n:>5} of {len(shown):<6} {median:6.1f}ms {max(times) * 1000:6.1f}ms"
        )
    return ok


def scale(sizes: list[int], runs: int) -> None:
    print(f"\n{'questions':>9} {'one choice':>10} {'growth':>7}")
    before = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, answers_path = Path(tmp) / "sets", Path(tmp) / "answers.json"
            write_answers(answers_path, generate(folder, "light", size), "scale")
            catalog = load_catalog(folder)
            full = dict(load_answers(answers_path, catalog, partial=True).answers)
            half = {q: v for i, (q, v) in enumerate(full.items()) if i % 2 == 0}
            context = adaptive.Context(catalog)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                adaptive.next_question(catalog, half, context=context)
                times.append(time.perf_counter() - start)
            t = statistics.median(times) * 1000
            growth = f"x{t / before:.1f}" if before else ""
            print(f"{size:>9} {t:8.1f}ms {growth:>7}")
            before = t


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000")
    args = parser.parse_args()
    ok = examples(args.runs)
    scale([int(s) for s in args.sizes.split(",")], args.runs)
    print(
        "\ntarget: the next question within 50 ms (median) on the built-in sets:",
        "met" if ok else "NOT met",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
