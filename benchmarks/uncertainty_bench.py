"""How long `assess` takes when every answer is uncertain (issue 23, item 10).

    python benchmarks/uncertainty_bench.py [--runs 3] [--sizes 100,200,1000]

Rows:

- the built-in sets: each example answers file with every answer uncertain (a choice: the
  answer or its neighbour; a number: within a tenth of its scale around it; 40-56 uncertain
  answers, so the outcome probabilities are sampled: 10,000 draws);
- generated sets (benchmarks/scale.py, dense kind) of each size, every answer uncertain.

Each row runs `outsource assess --format json` in a fresh process (the catalog cache warm)
and prints the median wall-clock and CPU seconds, how many answers are uncertain, the method
and the growth from the size before. Target (issue 23): the built-in rows at most 1 s (they
took 4.7 s when every draw was evaluated in full), and the generated rows growing about
linearly with the size. The row "built-ins, every answer uncertain" prints the slowest
built-in row's CPU seconds against that target; exit 1 when it is missed. Not a unit test: a
loaded machine makes any figure noisy (the tests count the evaluations instead).

The package is byte-compiled first (as benchmarks/startup.py does): with
PYTHONDONTWRITEBYTECODE set, every run of an editable install would compile it again, about
0.2 s of CPU that no installed wheel spends.

Measured (2 shared cores, load average 3.7-7; CPU seconds of one `assess`, bytecode compiled,
the old and new code run alternately, three runs each): before (``business_case.score_input``
built a memo key of every input, then the terms with their list of assumptions, then the
flows as two lists: about 40 % of a draw) payroll 1.18-1.29, bank 0.70-0.81, analytics
1.04-1.14; after (the terms without the assumptions, the present values summed in one pass,
no memo: each draw's inputs are one-off; the non-cost reasons tested only when they decide the
economics verdict; a draw's answers read straight from the generator's numbers) payroll
0.78-1.01, bank 0.51-0.63, analytics 0.69-0.79 (the 1.01: load average 7). This script's own
run (load 4.5): payroll 0.89, bank 0.64, analytics 0.88. What is left: about 0.25 s of start-up
(importing typer, pydantic and the package), and some 30 µs a draw, mostly the strategy
cells and gates (compiled conditions) and the net saving. Generated dense, 100 questions:
4.0-5.1 s before, 4.3-4.5 s after (every draw is evaluated in full there: a gate reads a set's
score).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog, load_catalog

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUILT_IN = ["payroll-manufacturer.yaml", "bank-trading-platform.yaml", "analytics-retailer.yaml"]
TARGET = 1.0


def uncertain(catalog: Catalog, answers: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Every answer in ``answers`` (set.question -> value) made uncertain, as the nested
    answers of a file; and how many."""
    out: dict[str, Any] = {}
    count = 0
    for qid, value in answers.items():
        set_id, q_id = qid.split(".", 1)
        q = catalog.questions[qid]
        entry: Any = value
        if q.type == "number" and q.min is not None and q.max is not None:
            step = (q.max - q.min) / 10
            low, high = max(q.min, value - step), min(q.max, value + step)
            if low < high:
                entry, count = {"range": [low, high]}, count + 1
        elif q.type in ("single", "scale", "yes_no") and value in [o.value for o in q.options]:
            values = [o.value for o in q.options]
            i = values.index(value)
            other = values[i + 1] if i + 1 < len(values) else values[i - 1]
            entry, count = {"one_of": [value, other]}, count + 1
        out.setdefault(set_id, {})[q_id] = entry
    return out, count


def row(
    name: str, cmd: list[str], runs: int, count: int, before: float | None
) -> tuple[float, float]:
    """Print one row; (median wall-clock, median CPU) seconds."""
    wall, cpu, _peak, out = scale.run(cmd, runs, timeout=600)
    try:
        u = json.loads(out)["uncertainty"] or {}
        method = u.get("method", "?")
    except (json.JSONDecodeError, KeyError, TypeError):
        method = "failed"
    growth = f"x{wall / before:.1f}" if before else ""
    print(f"{name:<34} {count:>5} {method:>8} {wall:>8.2f} s {cpu:>8.2f} s {growth:>6}")
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,200,1000")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "outsource_cli"]
    # Byte-compile the package, as benchmarks/startup.py does: PYTHONDONTWRITEBYTECODE (set on
    # some machines) would otherwise make every run of an editable install compile it again
    # (about 0.2 s of CPU here), which no installed wheel does.
    import outsource_cli

    package = str(Path(outsource_cli.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=False)
    print(f"{'every answer uncertain':<34} {'count':>5} {'method':>8} {'wall':>10} {'CPU':>10}")
    slowest = 0.0  # the CPU seconds of the slowest built-in row
    with tempfile.TemporaryDirectory() as tmp:
        catalog = load_catalog()
        for name in BUILT_IN:
            sheet = load_answers(EXAMPLES / name, catalog)
            nested, count = uncertain(catalog, dict(sheet.answers))
            path = Path(tmp) / name.replace(".yaml", ".json")
            path.write_text(json.dumps({"version": 1, "function": name, "answers": nested}))
            cmd = [*exe, "assess", "--answers", str(path), "--format", "json"]
            slowest = max(slowest, row(f"built-in: {name}", cmd, args.runs, count, None)[1])
        verdict = "met" if slowest <= TARGET else "NOT met"
        print(
            f"built-ins, every answer uncertain: {slowest:.2f} s CPU (slowest), target <= {TARGET:g} s: {verdict}"
        )
        before = None
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / f"dense-{size}"
            answers = scale.generate(folder, "dense", size)
            generated = load_catalog(folder, use_cache=False)
            flat = {f"{sid}.{q}": v for sid, qs in answers.items() for q, v in qs.items()}
            nested, count = uncertain(generated, flat)
            path = Path(tmp) / f"dense-{size}.json"
            path.write_text(json.dumps({"version": 1, "function": "g", "answers": nested}))
            cmd = [
                *exe,
                "assess",
                "--questionnaires",
                str(folder),
                "--answers",
                str(path),
                "--format",
                "json",
            ]
            before = row(f"generated dense, {size} questions", cmd, args.runs, count, before)[0]
    return 0 if slowest <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
