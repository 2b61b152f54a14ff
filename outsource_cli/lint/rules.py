"""The linter's rules (a table: one entry per rule, so it is longer than a module usually
is), and what a run finds. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning"
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("Y001", "yaml-syntax", "error", "The file is not valid YAML."),
        Rule("Y002", "duplicate-key", "error", "A mapping has the same key twice."),
        Rule("Y003", "empty-file", "error", "The file is empty."),
        Rule("Y004", "top-level-type", "error", "The top level is not a mapping."),
        Rule("Y005", "not-text", "error", "The file is binary or not UTF-8 text."),
        Rule("Y006", "too-complex", "error", "Nesting too deep or aliases expanding too far."),
        Rule("Y007", "tab-indentation", "error", "A tab character in the indentation."),
        Rule(
            "Y008",
            "unsafe-number",
            "error",
            "A number YAML 1.1 reads as base 60 (1:20), or one with too many digits.",
        ),
        Rule("S001", "missing-field", "error", "A required field is missing."),
        Rule("S002", "unknown-field", "error", "A field that the format does not have."),
        Rule("S003", "wrong-type", "error", "A value of the wrong type or outside its range."),
        Rule("S004", "invalid-id", "error", "An id or question reference of the wrong form."),
        Rule(
            "S005",
            "question-shape",
            "error",
            "A question's type and its options or ranges do not fit.",
        ),
        Rule("S006", "condition-shape", "error", "A condition or gate is not well formed."),
        Rule("S007", "calculation-syntax", "error", "A calculated value or test does not parse."),
        Rule("R001", "duplicate-set-id", "error", "Two question sets have the same id."),
        Rule("R002", "duplicate-question-id", "error", "Two questions in a set have the same id."),
        Rule(
            "R003",
            "duplicate-option-value",
            "error",
            "Two options of a question have the same value.",
        ),
        Rule(
            "R010",
            "unknown-question",
            "error",
            "A condition or rule names a question that does not exist.",
        ),
        Rule(
            "R011",
            "unknown-value",
            "error",
            "A condition or default names a value the question does not have.",
        ),
        Rule("R012", "forward-reference", "error", "A condition uses a question asked later."),
        Rule(
            "R013", "unknown-set", "error", "A condition names a question set that does not exist."
        ),
        Rule("R014", "condition-cycle", "error", "Conditions depend on each other in a cycle."),
        Rule(
            "R015",
            "unknown-reference",
            "error",
            "A calculation names a question or calculated value that does not exist.",
        ),
        Rule("R016", "calculation-cycle", "error", "Calculated values depend on each other."),
        Rule(
            "R017",
            "calculation-type",
            "error",
            "A calculation reads a non-number answer, or mixes tests and numbers.",
        ),
        Rule("L001", "never-shown", "error", "A question whose condition can never hold."),
        Rule(
            "L002",
            "cannot-move-score",
            "warning",
            "A scored question whose answers all score the same.",
        ),
        Rule(
            "L003",
            "unreachable-outcome",
            "error",
            "An outcome no combination of answers can reach.",
        ),
        Rule("L004", "non-positive-weight", "error", "A weight that is zero or negative."),
        Rule(
            "L005", "range-order", "error", "Number ranges that do not go up or do not reach max."
        ),
        Rule(
            "L006",
            "outcome-table",
            "error",
            "The stages' outcome table is not monotone, has a verdict twice or lacks one.",
        ),
        Rule("L007", "gate-never-fires", "warning", "A gate whose condition can never hold."),
        Rule("L008", "gate-without-effect", "warning", "A gate that can never change the outcome."),
        Rule(
            "L009",
            "non-monotone-ranges",
            "warning",
            "A number question whose score goes up and then down (or down and then up).",
        ),
        Rule(
            "L010",
            "gate-on-optional-question",
            "warning",
            "A gate tests a question that may be left unanswered.",
        ),
        Rule(
            "L011",
            "lever-without-effect",
            "warning",
            "A question marked as a lever that no stage, readiness step or gate reads.",
        ),
        Rule(
            "L012",
            "rule-never-applies",
            "warning",
            "A sourcing model or contract rule that can never be chosen.",
        ),
        Rule(
            "L013",
            "division-by-zero",
            "warning",
            "A calculation divides by a value that can be zero.",
        ),
        Rule(
            "L014",
            "affects-nothing",
            "warning",
            "A question whose answer no stage, gate, rule, model or mitigation reads.",
        ),
        Rule(
            "L015",
            "cell-order",
            "warning",
            "A strategy cell after a cell whose verdict goes further out.",
        ),
        Rule("C001", "missing-help", "warning", "A question without help text."),
        Rule(
            "C002",
            "not-a-question",
            "warning",
            "Question text that does not end with a question mark.",
        ),
        Rule("C003", "duplicate-text", "warning", "The same question text in two places."),
        Rule(
            "C004",
            "invisible-character",
            "warning",
            "A zero-width or bidi-control character in an id, a value or a text.",
        ),
        Rule(
            "A001",
            "unknown-answer-id",
            "error",
            "An answers file names an unknown set or question.",
        ),
        Rule(
            "A002",
            "invalid-answer",
            "error",
            "An answer that is not a valid value for its question.",
        ),
        Rule("A003", "missing-required-answer", "error", "A required question is not answered."),
        Rule(
            "A004",
            "answer-not-asked",
            "warning",
            "An answer to a question that is not asked, given the others.",
        ),
        Rule(
            "A005",
            "answers-file-shape",
            "error",
            "An unknown or malformed top-level field in an answers file.",
        ),
        Rule("U001", "unused-suppression", "warning", "A disable comment that suppresses nothing."),
    ]
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    suppressed: bool = False
    justification: str | None = None

    @property
    def severity(self) -> str:
        return RULES[self.code].severity if self.code in RULES else "error"

    @property
    def rule(self) -> str:
        return RULES[self.code].name if self.code in RULES else self.code


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    files: int

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    def failed(self, strict: bool) -> bool:
        return self.count("error") > 0 or (strict and self.count("warning") > 0)
