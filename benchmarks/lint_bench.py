"""Lint speed and memory on a generated corpus, against yamllint and check-jsonschema.

    pip install -e ".[bench]" && python benchmarks/lint_bench.py [--files 1000] [--runs 3]

Generates --files realistic question-set files (about 20 questions each) and a policy in a
temporary folder, then times, in the same run, `outsource lint` (which checks syntax, schema,
references and meaning), `yamllint` (syntax and style) and `check-jsonschema` with the schema
from `outsource schema` (syntax and schema). Prints medians, the ratios, and the peak memory
of `outsource lint`. Targets (issue 3): at least 10x faster than each, under 64 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit code) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, proc.returncode


def tool(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    outsource = tool("outsource")
    if outsource is None:
        print("outsource is not installed in this environment", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        lines = write_corpus(corpus, args.files, args.questions)
        schema = Path(tmp) / "questionnaire.schema.json"
        schema.write_text(
            subprocess.run([outsource, "schema"], capture_output=True, text=True, check=True).stdout
        )
        set_files = sorted(str(p) for p in corpus.glob("set_*.yaml"))
        print(f"corpus: {args.files} question-set files, {lines:,} lines, in {corpus}")

        commands: dict[str, list[str] | None] = {"outsource lint": [outsource, "lint", str(corpus)]}
        yamllint, cjs = tool("yamllint"), tool("check-jsonschema")
        commands["yamllint"] = [yamllint, str(corpus)] if yamllint else None
        commands["check-jsonschema"] = (
            [cjs, "--schemafile", str(schema), *set_files] if cjs else None
        )

        times: dict[str, list[float]] = {name: [] for name, cmd in commands.items() if cmd}
        peak = 0
        for _ in range(args.runs):  # interleaved, so that load on the machine hits all alike
            for name, cmd in commands.items():
                if cmd is None:
                    continue
                seconds, rss, code = timed(cmd)
                times[name].append(seconds)
                if name == "outsource lint":
                    peak = max(peak, rss)
                    if code not in (0, 1):
                        print(f"outsource lint failed with exit code {code}", file=sys.stderr)
                        return 1

    ours = statistics.median(times["outsource lint"])
    print(f"{'outsource lint':18} {ours:7.2f} s   peak memory {peak} MB (target < 64 MB)")
    ok = peak < 64
    for name, cmd in commands.items():
        if name == "outsource lint":
            continue
        if cmd is None:
            print(f"{name:18} not installed (pip install -e '.[bench]')")
            continue
        theirs = statistics.median(times[name])
        ratio = theirs / ours
        ok &= ratio >= 10
        print(
            f"{name:18} {theirs:7.2f} s   {ratio:5.1f}x slower than outsource lint (target >= 10x)"
        )
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
