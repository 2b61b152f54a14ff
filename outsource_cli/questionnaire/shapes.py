"""What question sets and the policy are made of, as the engine reads them.

Each class here names a part of a question set or of the policy and the attributes the
engine reads. :mod:`outsource_cli.questionnaire.models` subclasses each one with pydantic to
validate files, so a validated part *is* one of these. A catalog read back from the
per-user cache is built from these classes directly, without building the pydantic models
(which costs more than the rest of a cached start-up; see docs/performance.md).

The attributes are declared for type checkers only: at run time an object holds exactly the
fields its validated model had, all of them, and nothing checks them again here. Treat the
objects as frozen. Two parts are equal when they are the same kind of part with the same
fields, whether validated or read back from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

MAX_NUMBER = 1e15  # no figure in a question set, policy or answer is larger (in size)
NOT_SURE = "not_sure"  # an answer to any question: asked, and left open on purpose

Outcome = Literal["keep_in_house", "hybrid", "outsource"]
# The strategy stage's verdicts (docs/decision-engine.md, "Strategy"), most restrictive first
StrategyVerdict = Literal[
    "insource", "eliminate_or_migrate", "co_source", "best_source", "outsource"
]
# The economics stage's verdicts: it pays; the saving is thin; it costs more but a named
# non-cost reason may justify it; it costs more; it costs much more
EconomicsVerdict = Literal["pays", "marginal", "premium", "loses", "loses_heavily"]
Form = Literal["ito", "bpo", "kpo"]
Location = Literal["onshore", "nearshore", "offshore"]
QuestionType = Literal["single", "multi", "yes_no", "scale", "number"]
MitigationCategory = Literal[
    "vetting", "sla", "communication", "audit", "exit", "transition", "data_protection"
]
ContractType = Literal["fee_for_service", "preferred_supplier", "preferred_contractor", "buy_in"]
OptionValue = str | int | bool | float  # an option value or an answer

OUTCOMES: tuple[Outcome, ...] = ("keep_in_house", "hybrid", "outsource")
STRATEGY_VERDICTS: tuple[StrategyVerdict, ...] = (
    "insource",
    "eliminate_or_migrate",
    "co_source",
    "best_source",
    "outsource",
)
ECONOMICS_VERDICTS: tuple[EconomicsVerdict, ...] = (
    "pays",
    "marginal",
    "premium",
    "loses",
    "loses_heavily",
)
LOCATIONS: tuple[Location, ...] = ("onshore", "nearshore", "offshore")

# The fields whose name in a file is a Python keyword.
ALIASES = {"in_": "in", "not_": "not"}
FIELD_NAMES = {alias: name for name, alias in ALIASES.items()}


class Shape:
    """A part of a question set or of the policy: its fields, compared by value."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def field_items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field, in the order of the model (private values left out)."""
        return ((k, v) for k, v in vars(self).items() if not k.startswith("_"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shape) or type(self).__name__ != type(other).__name__:
            return NotImplemented
        return dict(self.field_items()) == dict(other.field_items())

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(v for _, v in self.field_items())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.field_items())
        return f"{type(self).__name__}({inner})"


# ---------------------------------------------------------------- conditions


class QuestionCondition(Shape):
    """True when the answer to ``question`` passes the one test given."""

    if TYPE_CHECKING:
        question: str
        in_: tuple[OptionValue, ...] | None
        not_in: tuple[OptionValue, ...] | None
        equals: OptionValue | None
        gte: float | None
        lte: float | None
        answered: bool | None

    def tests(self) -> list[str]:
        names = ("in_", "not_in", "equals", "gte", "lte", "answered")
        return [n.rstrip("_") for n in names if getattr(self, n) is not None]


def answered_test(question: str) -> QuestionCondition:
    """The test "``question`` is answered"."""
    return QuestionCondition(
        question=question,
        in_=None,
        not_in=None,
        equals=None,
        gte=None,
        lte=None,
        answered=True,
    )


class DimensionCondition(Shape):
    """True when a question set's score is within the bounds given (``gte`` ≤ score < ``lt``)."""

    if TYPE_CHECKING:
        dimension: str
        gte: float | None
        lt: float | None


class CalcCondition(Shape):
    """True when a calculated test holds, such as ``cost.annual_saving >= 100``."""

    if TYPE_CHECKING:
        calc: str
        _expr: Any  # the parsed test with calculated values inlined, set by the catalog


class AllCondition(Shape):
    """True when every condition in the list holds."""

    if TYPE_CHECKING:
        all: tuple[Condition, ...]


class AnyCondition(Shape):
    """True when at least one condition in the list holds."""

    if TYPE_CHECKING:
        any: tuple[Condition, ...]


class NotCondition(Shape):
    """True when the condition given does not hold."""

    if TYPE_CHECKING:
        not_: Condition


Condition = (
    QuestionCondition
    | DimensionCondition
    | CalcCondition
    | AllCondition
    | AnyCondition
    | NotCondition
)

# ---------------------------------------------------------------- question sets


class Option(Shape):
    """One answer a person can pick."""

    if TYPE_CHECKING:
        value: OptionValue
        label: str
        score: float | None
        because: str | None


class Range(Shape):
    """A band of a number question: values up to and including ``up_to``."""

    if TYPE_CHECKING:
        up_to: float
        score: float
        because: str
        label: str | None


class Question(Shape):
    """One question of the interview."""

    if TYPE_CHECKING:
        id: str
        text: str
        help: str
        type: QuestionType
        options: tuple[Option, ...]
        combine: Literal["min", "max", "mean"]
        min: float | None
        max: float | None
        unit: str
        ranges: tuple[Range, ...]
        required: bool
        default: OptionValue | tuple[OptionValue, ...] | None
        weight: float
        when: Condition | None
        lever: bool

    @property
    def scale(self) -> tuple[float, float]:
        """(min, max) of a number question (the checks make sure both are there)."""
        if self.min is None or self.max is None:
            raise ValueError(f"number question '{self.id}' has no 'min' and 'max'")
        return self.min, self.max

    @property
    def scored(self) -> bool:
        if self.type == "number":
            return bool(self.ranges)
        return any(o.score is not None for o in self.options)


class Calculation(Shape):
    """A value calculated from answers (and other calculated values), usable in conditions."""

    if TYPE_CHECKING:
        id: str
        text: str
        value: str
        unit: str


class QuestionSet(Shape):
    """A question set: one theme of the interview, with its own score."""

    if TYPE_CHECKING:
        id: str
        title: str
        description: str
        weight: float
        order: int
        questions: tuple[Question, ...]
        calculations: tuple[Calculation, ...]


# ---------------------------------------------------------------- policy


class StrategyCell(Shape):
    """A cell of a sourcing framework: when its condition holds, its verdict is the strategy
    stage's (the first cell that holds decides; the others that hold are shown)."""

    if TYPE_CHECKING:
        id: str
        framework: str
        cell: str
        when: Condition
        verdict: StrategyVerdict
        because: str


class StrategyPolicy(Shape):
    """Should the function go out at all: the frameworks' cells, by precedence."""

    if TYPE_CHECKING:
        cells: tuple[StrategyCell, ...]
        default: StrategyVerdict
        because: str


class CostReason(Shape):
    """A non-cost reason that can justify outsourcing at a net cost."""

    if TYPE_CHECKING:
        id: str
        when: Condition
        because: str


class EconomicsPolicy(Shape):
    """Does it pay: the business case's net saving against two thresholds."""

    if TYPE_CHECKING:
        pays_at: float
        loses_below: float
        heavy_loss_below: float
        reasons: tuple[CostReason, ...]


class Combination(Shape):
    """The outcome of one strategy verdict under each economics verdict."""

    if TYPE_CHECKING:
        strategy: StrategyVerdict
        pays: Outcome
        marginal: Outcome
        premium: Outcome
        loses: Outcome
        loses_heavily: Outcome


class ReadinessRule(Shape):
    """A shortfall the firm can fix before signing: while its condition holds (or its input
    is unanswered), a recommendation to outsource is conditional on the step."""

    if TYPE_CHECKING:
        id: str
        title: str
        lever: str
        when: Condition
        step: str


class Gate(Shape):
    """A knock-out rule: when its condition holds, it limits or sets the outcome."""

    if TYPE_CHECKING:
        id: str
        title: str
        when: Condition
        cap: Outcome | None
        force: Outcome | None
        because: str


class FormRule(Shape):
    """The form of outsourcing when a condition holds (the first rule that holds wins)."""

    if TYPE_CHECKING:
        when: Condition
        form: Form
        because: str


class FormPolicy(Shape):
    """How the form (ITO, BPO, KPO) is chosen."""

    if TYPE_CHECKING:
        default: Form
        because: str
        rules: tuple[FormRule, ...]


class LocationRule(Shape):
    """A limit on how far away the work may go, when a condition holds."""

    if TYPE_CHECKING:
        id: str
        when: Condition
        at_most: Location
        because: str


class LocationPolicy(Shape):
    """How the location (onshore, nearshore, offshore) is chosen."""

    if TYPE_CHECKING:
        default: Location
        because: str
        rules: tuple[LocationRule, ...]


class MitigationRule(Shape):
    """A mitigation recommended when its condition, outcome and location fit."""

    if TYPE_CHECKING:
        id: str
        category: MitigationCategory
        title: str
        when: Condition | None
        outcomes: tuple[Outcome, ...]
        locations: tuple[Location, ...]
        because: str
        actions: tuple[str, ...]


class SourcingModel(Shape):
    """A sourcing model the policy can recommend (the first that fits the outcome and holds)."""

    if TYPE_CHECKING:
        id: str
        title: str
        when: Condition | None
        outcomes: tuple[Outcome, ...]
        strategy: tuple[StrategyVerdict, ...]
        because: str
        keep: str
        buy: str


class ContractRule(Shape):
    """A contract type and length guidance (the first rule that fits the outcome and holds)."""

    if TYPE_CHECKING:
        type: ContractType
        when: Condition | None
        outcomes: tuple[Outcome, ...]
        length: str
        because: str


class PortfolioPolicy(Shape):
    """When `outsource compare` flags concentration risk."""

    if TYPE_CHECKING:
        outsourced_functions: int
        same_market: int


class Policy(Shape):
    """The decision policy (policy.yaml)."""

    if TYPE_CHECKING:
        version: Literal[1]
        strategy: StrategyPolicy
        economics: EconomicsPolicy
        outcomes: tuple[Combination, ...]
        readiness: tuple[ReadinessRule, ...]
        gates: tuple[Gate, ...]
        form: FormPolicy
        location: LocationPolicy
        mitigations: tuple[MitigationRule, ...]
        models: tuple[SourcingModel, ...]
        contracts: tuple[ContractRule, ...]
        rationale_size: int
        portfolio: PortfolioPolicy


KINDS: dict[str, type[Shape]] = {
    cls.__name__: cls
    for cls in (
        QuestionCondition,
        DimensionCondition,
        CalcCondition,
        AllCondition,
        AnyCondition,
        NotCondition,
        Option,
        Range,
        Question,
        Calculation,
        QuestionSet,
        StrategyCell,
        StrategyPolicy,
        CostReason,
        EconomicsPolicy,
        Combination,
        ReadinessRule,
        Gate,
        FormRule,
        FormPolicy,
        LocationRule,
        LocationPolicy,
        MitigationRule,
        SourcingModel,
        ContractRule,
        PortfolioPolicy,
        Policy,
    )
}

KIND = "~"  # the key that names a part's kind in tagged data (never a field name)


def tagged(value: Any) -> Any:
    """``value`` (a part, validated or not, or a field value) as plain JSON data with each
    part's kind under ``~``: what the cache stores, and :func:`untagged` reads back."""
    if isinstance(value, Shape):
        data: dict[str, Any] = {KIND: type(value).__name__}
        for k, v in value.field_items():  # a private value (a compiled test) is worked out again
            data[ALIASES.get(k, k)] = tagged(v)
        return data
    if isinstance(value, tuple):
        return [tagged(v) for v in value]
    return value


def untagged(data: Any) -> Any:
    """The parts that :func:`tagged` wrote, built without validating (only for data this tool
    wrote and signed). KeyError or TypeError when the data is not of that form."""
    if isinstance(data, dict):
        kind = KINDS[data[KIND]]
        part = kind.__new__(kind)
        fields = part.__dict__
        for k, v in data.items():
            if k != KIND:
                fields[FIELD_NAMES.get(k) or k] = untagged(v)
        return part
    if isinstance(data, list):
        return tuple([untagged(v) for v in data])
    return data


def plain(value: Any) -> Any:
    """``value`` as the plain JSON data of its file (the models' ``model_dump(mode="json",
    by_alias=True)``): what a decision record's hashes are taken of."""
    if isinstance(value, Shape):
        return {ALIASES.get(k, k): plain(v) for k, v in value.field_items()}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value
