"""Wall-clock times that unit tests must not assert (issue 11): the hostile corpus, a file
over the size limit, and a legitimate 10,000-question set.

    python benchmarks/limits_bench.py [--runs 5]

Targets: each hostile file refused in under 1 s (`assess --answers FILE`), a file over the
size limit refused in under 1 s, and `outsource lint` of a 10,000-question set (about 1.8 MB,
no aliases) in under 5 s. Medians of --runs runs; exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from tests.test_limits import POLICY, big_set  # noqa: E402


def seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    outsource = [sys.executable, "-m", "outsource_cli"]
    cases: list[tuple[str, list[str], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        folder.mkdir()
        (folder / "big.yaml").write_text(big_set(10_000))
        (folder / "policy.yaml").write_text(POLICY)
        over = Path(tmp) / "over.yaml"
        over.write_text("answers: {}\n" + "# padding\n" * 300_000)
        for path in sorted((ROOT / "tests" / "data" / "hostile").glob("*.yaml")):
            cases.append(
                (f"hostile {path.name}", [*outsource, "assess", "--answers", str(path)], 1.0)
            )
        cases.append(("over the size limit", [*outsource, "assess", "--answers", str(over)], 1.0))
        cases.append(("lint a 10,000-question set", [*outsource, "lint", str(folder)], 5.0))
        ok = True
        for name, cmd, limit in cases:
            median = statistics.median(seconds(cmd) for _ in range(args.runs))
            ok &= median <= limit
            print(f"{name:40} {median * 1000:7.0f} ms   (target <= {limit * 1000:.0f} ms)")
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
