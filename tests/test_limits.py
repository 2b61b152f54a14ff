"""Limits measure the right thing: the alias budget counts alias expansions only (a large file
without aliases is fine), and the size limit still refuses huge files."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource_cli.errors import InputError
from outsource_cli.lint.runner import lint_paths
from outsource_cli.questionnaire import source
from outsource_cli.questionnaire.catalog import load_catalog

# a strategy stage, so that the rules of meaning (L003, L014) run over every question: the cell
# and the gate read the set's score (so every question)
POLICY = """strategy:
  cells:
    - {id: low, framework: T, cell: low, when: {dimension: big, lt: 40}, verdict: insource, because: low}
gates:
  - {id: high, title: High, when: {dimension: big, gte: 90}, cap: hybrid, because: g}
form: {default: bpo, because: default}
location: {default: offshore, because: cheap}
"""


def big_set(n: int) -> str:
    """A legitimate question set of ``n`` questions, no aliases (10,000: about 1.8 MB)."""
    lines = ["id: big", "title: A big question set", "questions:"]
    for i in range(n):
        lines += [
            f"  - id: q{i}",
            f"    text: Is requirement {i} met?",
            "    help: It matters.",
            "    type: yes_no",
            "    options: [{value: yes, label: 'Y', score: 20, because: met},"
            " {value: no, label: 'N', score: 80, because: unmet}]",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.timeout(120)  # "in seconds": timed in benchmarks/lint_bench.py, not asserted here
def test_a_10000_question_set_is_linted_and_loaded(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(big_set(10_000))
    (tmp_path / "policy.yaml").write_text(POLICY)
    assert 1_500_000 < (tmp_path / "big.yaml").stat().st_size < source.MAX_FILE_BYTES
    result = lint_paths([tmp_path], catalog_for_answers=load_catalog)
    assert result.findings == ()
    catalog = load_catalog(tmp_path, use_cache=False)
    assert len(catalog.questions) == 10_000


ONE_ANSWER_POLICY = """strategy:
  cells:
    - {id: unmet, framework: T, cell: unmet, when: {question: big.q0, equals: no}, verdict: insource, because: unmet}
    - {id: met, framework: T, cell: met, when: {question: big.q0, equals: yes}, verdict: co_source, because: met}
form: {default: bpo, because: default}
location: {default: offshore, because: cheap}
"""


@pytest.mark.timeout(120)
def test_ten_thousand_findings_locate_in_one_reading_of_the_file(tmp_path: Path) -> None:
    # the cells read one answer: the other 9,999 questions affect nothing (L014), each found
    # at its place; a file read again for each finding took over ten minutes
    (tmp_path / "big.yaml").write_text(big_set(10_000))
    (tmp_path / "policy.yaml").write_text(ONE_ANSWER_POLICY)
    result = lint_paths([tmp_path], catalog_for_answers=load_catalog)
    assert {f.code for f in result.findings} == {"L014"}
    assert len(result.findings) == 9_999  # all but q0
    last = max(result.findings, key=lambda f: f.line)
    assert (last.line, last.col, last.message.split("'")[1]) == (3 + 5 * 9_999 + 1, 5, "big.q9999")


def test_legitimate_aliases_are_fine_and_only_their_expansion_counts(tmp_path: Path) -> None:
    anchor = "base: &o [{value: yes, label: 'Y'}, {value: no, label: 'N'}]\n"
    uses = "".join(f"k{i}: *o\n" for i in range(1000))
    path = tmp_path / "a.yaml"
    path.write_text(anchor + uses)
    assert len(source.load(path).data) == 1001


def test_aliases_expanding_past_the_budget_are_refused(tmp_path: Path) -> None:
    # 50 values, used 5,000 times: 250,000 values built again
    anchor = "base: &o [" + ", ".join(str(i) for i in range(50)) + "]\n"
    path = tmp_path / "a.yaml"
    path.write_text(anchor + "".join(f"k{i}: *o\n" for i in range(5000)))
    with pytest.raises(InputError, match=r"expands to more than 200,000 values"):
        source.load(path)


def test_the_size_limit_still_refuses_huge_files(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(big_set(12_000))
    assert path.stat().st_size > source.MAX_FILE_BYTES
    with pytest.raises(InputError, match=r"bytes; the limit is 2,097,152"):
        source.load(path)
