"""What question sets and the decision policy are made of: one frozen pydantic model of each
part, read by the whole tool.

Each model declares its fields once, with the types, limits and descriptions that validate a
file (:mod:`outsource_cli.questionnaire.validation`) and make the JSON Schemas
(``outsource schema``). These check structure and types. Meaning (references between
questions, option coverage, band order) is checked in
:mod:`outsource_cli.questionnaire.checks`, where every finding can point at the key or value
it is about.

The validators are built on first use (``defer_build``): a catalog read back from the
per-user cache was validated when it was written, so it is rebuilt with ``model_construct``
(:func:`untagged`) and never builds them. Two parts are equal when they are the same kind of
part with the same fields.

No ``from __future__ import annotations`` here: pydantic would compile and evaluate every
annotation string when it makes a class, which costs more (4 ms on an uncached start-up) than
evaluating the annotations once.
"""

import math
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PlainValidator,
    PrivateAttr,
    Strict,
    Tag,
)
from pydantic_core import PydanticCustomError, core_schema

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

Text = Annotated[str, Strict()]
# Finite, and within a range where sums and products of numbers stay exact enough and finite.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
Flag = Annotated[bool, Strict()]
Id = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
QuestionRef = Annotated[
    str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", max_length=129)
]
Score = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=0, le=100)]


def _value(v: Any) -> str | int | bool | float:
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"expected a finite number, got {v}")
    if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) > MAX_NUMBER:
        raise ValueError(f"a number must be within ±{MAX_NUMBER:g}")
    if isinstance(v, str | bool | int | float):
        return v
    raise ValueError(f"expected a text, a number or yes/no, got {type(v).__name__}")


# An option value or an answer: an id-like text, a number (scale, number) or yes/no.
Value = Annotated[
    str | int | bool | float,
    PlainValidator(_value, json_schema_input_type=str | int | bool | float),
]


def _question_type(v: Any) -> str:
    """A question's ``type``: a name in the table of answer types (read when a file is
    validated, so a type added to the table is accepted)."""
    if isinstance(v, str) and v in answer_types.TYPES:
        return v
    names = [repr(name) for name in answer_types.TYPES]
    expected = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})


class _TypeNames:
    """The JSON Schema of a question's ``type``: the enum of the table's names, and which is
    which, made when the schema is."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        types = answer_types.TYPES
        said = [f"{name} ({t.blurb})" if t.blurb else name for name, t in types.items()]
        described = " or ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
        return {"description": described + ".", "enum": list(types), "type": "string"}


# A question's type: one of the names in questionnaire/answer_types (the table of types).
QuestionType = Annotated[
    str, PlainValidator(_question_type, json_schema_input_type=str), _TypeNames()
]


class Model(BaseModel):
    """A part of a question set or of the policy: frozen, compared by kind and fields."""

    # defer_build: validators are built on first use, once, for the two top-level files only
    # (a catalog from the cache never builds them).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def field_items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field, in the order they are declared."""
        return iter(self.__dict__.items())  # the fields only (private values are kept apart)

    # By kind and fields: a private value (a condition's compiled test) is not part of a
    # part's value, so a part equals the same part read back from the cache.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))


# ---------------------------------------------------------------- conditions


class QuestionCondition(Model):
    """True when the answer to ``question`` passes the one test given."""

    question: QuestionRef = Field(
        description="The question whose answer is tested, as set_id.question_id "
        "(e.g. control.data_sensitivity). Give exactly one test beside it."
    )
    in_: tuple[Value, ...] | None = Field(
        default=None,
        alias="in",
        min_length=1,
        description="Holds when the answer is one of these option values (for a multi "
        "question: when any ticked option is one of them).",
    )
    not_in: tuple[Value, ...] | None = Field(
        default=None,
        min_length=1,
        description="Holds when the question is answered and the answer is none of these values.",
    )
    equals: Value | None = Field(
        default=None, description="Holds when the answer is exactly this value."
    )
    gte: Number | None = Field(
        default=None,
        description="Holds when the answer (a number or a 1-5 scale) is at least this.",
    )
    lte: Number | None = Field(
        default=None,
        description="Holds when the answer (a number or a 1-5 scale) is at most this.",
    )
    answered: Flag | None = Field(
        default=None,
        description="true: holds when the question has an answer; false: when it has none.",
    )

    def tests(self) -> list[str]:
        """The tests given (a valid condition has exactly one)."""
        names = ("in_", "not_in", "equals", "gte", "lte", "answered")
        return [n.rstrip("_") for n in names if getattr(self, n) is not None]


def answered_test(question: str) -> QuestionCondition:
    """The test "``question`` is answered"."""
    return QuestionCondition.model_construct(question=question, answered=True)


class DimensionCondition(Model):
    """True when a question set's score is within the bounds given (``gte`` ≤ score < ``lt``)."""

    dimension: Id = Field(description="The id of the question set whose score is tested.")
    gte: Number | None = Field(
        default=None, description="Holds when the set's score (0-100) is at least this."
    )
    lt: Number | None = Field(
        default=None, description="Holds when the set's score (0-100) is below this."
    )


class CalcCondition(Model):
    """True when a calculated test holds, such as ``cost.annual_saving >= 100``."""

    calc: Text = Field(
        min_length=1,
        max_length=500,
        description="A test over numeric answers and calculated values: arithmetic (+ - * /), "
        "min, max, round and one comparison (< <= > >= == !=), e.g. "
        "'cost.baseline_cost * cost.expected_savings / 100 >= 100'. References are "
        "set_id.question_id or set_id.calculation_id.",
    )
    # the parsed test with calculated values inlined, set once the catalog is built
    _expr: Any = PrivateAttr(default=None)


class AllCondition(Model):
    """True when every condition in the list holds."""

    all: tuple["Condition", ...] = Field(min_length=1, description="Conditions that must all hold.")


class AnyCondition(Model):
    """True when at least one condition in the list holds."""

    any: tuple["Condition", ...] = Field(
        min_length=1, description="Conditions of which at least one must hold."
    )


class NotCondition(Model):
    """True when the condition given does not hold."""

    not_: "Condition" = Field(alias="not", description="The condition that must not hold.")


_KINDS = ("question", "dimension", "calc", "all", "any", "not")


def _condition_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for kind in _KINDS:
            if kind in v:
                return "~" + kind
        return None
    if isinstance(v, BaseModel):
        return "~" + type(v).__name__.removesuffix("Condition").lower()
    return None


Condition = Annotated[
    Annotated[QuestionCondition, Tag("~question")]
    | Annotated[DimensionCondition, Tag("~dimension")]
    | Annotated[CalcCondition, Tag("~calc")]
    | Annotated[AllCondition, Tag("~all")]
    | Annotated[AnyCondition, Tag("~any")]
    | Annotated[NotCondition, Tag("~not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition is a mapping with one of: question, dimension, calc, "
        "all, any, not",
    ),
]

# ---------------------------------------------------------------- question sets


class Option(Model):
    """One answer a person can pick."""

    value: Value = Field(
        description="What an answers file stores for this option: an id-like text "
        "(e.g. personal), a number, or yes/no. Unique within the question."
    )
    label: Text = Field(min_length=1, description="What the person sees in the interview.")
    score: Score | None = Field(
        default=None,
        description="0 (keep in-house) to 100 (outsource); leave out for an unscored option.",
    )
    because: Text | None = Field(
        default=None,
        description="Why this answer pushes the score that way: one clause, shown in the "
        "rationale (e.g. 'the data is personal').",
    )


class Range(Model):
    """A band of a number question: values up to and including ``up_to``."""

    up_to: Number = Field(
        description="The highest value in this band; bands go up in order and the last one "
        "reaches the question's max."
    )
    score: Score = Field(description="0 (keep in-house) to 100 (outsource) for values in the band.")
    because: Text = Field(description="Why values in this band push the score that way.")
    label: Text | None = Field(
        default=None, description="A name for the band shown to people (e.g. 'small team')."
    )


class Question(Model):
    """One question of the interview."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique in the set. Answers files and "
        "conditions name it as set_id.question_id."
    )
    text: Text = Field(min_length=1, description="The question as asked, ending with '?'.")
    help: Text = Field(
        default="", description="Why the question matters, shown on '? Why this matters'."
    )
    type: QuestionType = Field(
        title="Type"  # its description and enum: the table of types (_TypeNames)
    )
    options: tuple[Option, ...] = Field(
        default=(),
        description="The answers to choose from (single, multi; yes_no and scale may score "
        "theirs here too).",
    )
    combine: Literal["min", "max", "mean"] = Field(
        default="min",
        description="For a multi question: how the ticked options' scores make one score.",
    )
    min: Number | None = Field(default=None, description="A number question's lowest value.")
    max: Number | None = Field(default=None, description="A number question's highest value.")
    unit: Text = Field(
        default="", description="A number question's unit, shown after the value (e.g. FTE)."
    )
    ranges: tuple[Range, ...] = Field(
        default=(), description="A number question's score bands, in increasing up_to order."
    )
    required: Flag = Field(
        default=False,
        description="true: an answers file must answer it (if only with not_sure).",
    )
    default: Value | tuple[Value, ...] | None = Field(
        default=None,
        description="The interview's suggested answer (a list for a multi question); leave it "
        "out where a suggestion would lean: the interview then opens on 'Not sure'.",
    )
    weight: Number = Field(
        default=1.0, description="How much the question counts within its set (above 0)."
    )
    when: Condition | None = Field(
        default=None,
        description="Ask the question only when this condition holds on earlier answers.",
    )
    lever: Flag = Field(
        default=False,
        description="true: an answer the firm can change before signing (an exit plan, audit "
        "rights): listed first, under 'What you could do'.",
    )

    @property
    def scale(self) -> tuple[float, float]:
        """(min, max) of a number question (the checks make sure both are there)."""
        if self.min is None or self.max is None:
            raise ValueError(f"number question '{self.id}' has no 'min' and 'max'")
        return self.min, self.max

    @property
    def scored(self) -> bool:
        return answer_types.TYPES[self.type].scored(self)


class Calculation(Model):
    """A value calculated from answers (and other calculated values), usable in conditions."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique in the set among questions and "
        "calculations. Conditions and other calculations name it as set_id.calculation_id."
    )
    text: Text = Field(min_length=1, description="What the value is, as people read it.")
    value: Text = Field(
        min_length=1,
        max_length=500,
        description="The expression: numbers, references (set_id.question_id or "
        "set_id.calculation_id) to number or scale questions and calculations, + - * /, "
        "parentheses, min(...), max(...), round(x) or round(x, digits).",
    )
    unit: Text = Field(default="", description="The value's unit, shown after it.")


class QuestionSet(Model):
    """A question set of outsource-cli: one theme of the interview, with its own score."""

    id: Id = Field(
        description="Lower-case letters, digits and _; unique among the sets. Names the set "
        "in answers files, conditions and --weight."
    )
    title: Text = Field(min_length=1, description="The set's name as people read it.")
    description: Text = Field(default="", description="What the set is about, in a sentence.")
    weight: Number = Field(
        default=1.0, description="How much the set's score counts in the overall score (above 0)."
    )
    order: Annotated[int, Strict(), Field(ge=-1_000_000, le=1_000_000)] = Field(
        default=100, description="Sets are asked in increasing order (then by id)."
    )
    questions: tuple[Question, ...] = Field(
        min_length=1, description="The questions, in the order they are asked."
    )
    calculations: tuple[Calculation, ...] = Field(
        default=(),
        description="Values calculated from the answers, for conditions and gates "
        "(see docs/questionnaire-format.md).",
    )


# ---------------------------------------------------------------- policy


class StrategyCell(Model):
    """A cell of a sourcing framework and its verdict (the first cell that holds decides)."""

    id: Id = Field(description="Lower-case letters, digits and _; unique among the cells.")
    framework: Text = Field(min_length=1, description="The framework, as cited.")
    cell: Text = Field(min_length=1, description="The framework's cell, in its own words.")
    when: Condition = Field(description="The function is in this cell when this holds.")
    verdict: StrategyVerdict = Field(
        description="insource, eliminate_or_migrate, co_source, best_source or outsource."
    )
    because: Text = Field(min_length=1, description="What the framework says, in a sentence.")


class StrategyPolicy(Model):
    """Should it go out at all: the frameworks' cells, most restrictive first."""

    cells: tuple[StrategyCell, ...] = Field(
        default=(), description="The cells, by precedence: the first that holds decides."
    )
    default: StrategyVerdict = Field(
        default="best_source", description="The verdict when no cell holds."
    )
    because: Text = Field(
        default="No framework's cell applies: test the market and let the business case decide.",
        description="Why, when no cell holds.",
    )


class CostReason(Model):
    """A non-cost reason that can justify outsourcing at a net cost."""

    id: Id = Field(description="Lower-case letters, digits and _; unique.")
    when: Condition = Field(description="The reason holds when this holds.")
    because: Text = Field(min_length=1, description="The reason, as a phrase.")


class EconomicsPolicy(Model):
    """Does it pay: the business case's net saving (%) against two thresholds."""

    pays_at: Annotated[float, Strict(), Field(ge=-100, le=100, allow_inf_nan=False)] = Field(
        default=5, description="At or above this net saving (%), outsourcing pays."
    )
    loses_below: Annotated[float, Strict(), Field(ge=-100, le=100, allow_inf_nan=False)] = Field(
        default=0, description="Below this net saving (%), outsourcing loses money."
    )
    heavy_loss_below: Annotated[float, Strict(), Field(ge=-100, le=100, allow_inf_nan=False)] = (
        Field(
            default=-15,
            description="Below this net saving (%) outsourcing loses heavily: no non-cost reason "
            "justifies it.",
        )
    )
    reasons: tuple[CostReason, ...] = Field(
        default=(), description="Non-cost reasons that can justify a net cost."
    )


class Combination(Model):
    """The outcome of one strategy verdict under each economics verdict."""

    strategy: StrategyVerdict = Field(description="The strategy verdict.")
    pays: Outcome = Field(description="The outcome when outsourcing pays.")
    marginal: Outcome = Field(description="The outcome when the net saving is thin.")
    premium: Outcome = Field(
        description="The outcome when it costs more but a non-cost reason holds."
    )
    loses: Outcome = Field(description="The outcome when it costs more and no reason holds.")
    loses_heavily: Outcome = Field(description="The outcome when it costs much more.")


class ReadinessRule(Model):
    """A shortfall the firm can fix before signing."""

    id: Id = Field(description="Lower-case letters, digits and _; unique.")
    title: Text = Field(min_length=1, description="The shortfall, in a few words.")
    lever: QuestionRef = Field(description="The question whose answer the firm can change.")
    when: Condition = Field(description="The shortfall exists when this holds.")
    step: Text = Field(min_length=1, description="The step that makes the firm ready.")


class Gate(Model):
    """A knock-out rule: when its condition holds, it limits or sets the outcome."""

    id: Id = Field(description="Lower-case letters, digits and _; unique among the gates.")
    title: Text = Field(description="The gate's name as people read it.")
    when: Condition = Field(description="The gate applies when this condition holds.")
    cap: Outcome | None = Field(
        default=None,
        description="The outcome goes no further towards outsourcing than this.",
    )
    force: Outcome | None = Field(
        default=None, description="The outcome is this, whatever the score."
    )
    because: Text = Field(description="Why, in a sentence, shown with the recommendation.")


class FormRule(Model):
    """The form of outsourcing when a condition holds (the first rule that holds wins)."""

    when: Condition = Field(description="The rule applies when this condition holds.")
    form: Form = Field(
        description="ito (IT outsourcing), bpo (business process) or kpo (knowledge process)."
    )
    because: Text = Field(description="Why, in a sentence, shown with the recommendation.")


class FormPolicy(Model):
    """How the form (ITO, BPO, KPO) is chosen."""

    default: Form = Field(description="The form when no rule holds: ito, bpo or kpo.")
    because: Text = Field(description="Why the default, in a sentence.")
    rules: tuple[FormRule, ...] = Field(
        default=(), description="Rules tried in order; the first that holds gives the form."
    )


class LocationRule(Model):
    """A limit on how far away the work may go, when a condition holds."""

    id: Id = Field(description="Lower-case letters, digits and _; unique among the rules.")
    when: Condition = Field(description="The limit applies when this condition holds.")
    at_most: Location = Field(
        description="The farthest location allowed: onshore, nearshore or offshore."
    )
    because: Text = Field(description="Why, in a sentence, shown with the recommendation.")


class LocationPolicy(Model):
    """How the location (onshore, nearshore, offshore) is chosen."""

    default: Location = Field(
        description="The location when no limit applies: onshore, nearshore or offshore."
    )
    because: Text = Field(description="Why the default, in a sentence.")
    rules: tuple[LocationRule, ...] = Field(
        default=(), description="Limits; the strictest one that holds wins."
    )


class MitigationRule(Model):
    """A mitigation recommended when its condition, outcome and location fit."""

    id: Id = Field(description="Lower-case letters, digits and _; unique among mitigations.")
    category: MitigationCategory = Field(
        description="Where it goes in the plan: vetting, sla, communication, audit, exit, "
        "transition or data_protection."
    )
    title: Text = Field(description="The mitigation in a few words.")
    when: Condition | None = Field(
        default=None, description="Recommend it only when this condition holds."
    )
    outcomes: tuple[Outcome, ...] = Field(
        default=("hybrid", "outsource"), description="The outcomes it is recommended for."
    )
    locations: tuple[Location, ...] = Field(
        default=LOCATIONS, description="The locations it is recommended for."
    )
    because: Text = Field(description="Why, in a sentence.")
    actions: tuple[Text, ...] = Field(min_length=1, description="What to do, one step per item.")


class SourcingModel(Model):
    """A sourcing model the policy can recommend (the first that fits the outcome and holds)."""

    id: Id = Field(description="Lower-case letters, digits and _; unique.")
    title: Text = Field(min_length=1, description="The model's name, as shown.")
    when: Condition | None = Field(
        default=None, description="When it applies (none: always, for its outcomes)."
    )
    outcomes: tuple[Outcome, ...] = Field(
        default=OUTCOMES, description="The outcomes it can be recommended for."
    )
    strategy: tuple[StrategyVerdict, ...] = Field(
        default=STRATEGY_VERDICTS, description="The strategy verdicts it can follow."
    )
    because: Text = Field(min_length=1, description="Why, in a sentence or two.")
    keep: Text = Field(default="", description="What stays in-house, in words.")
    buy: Text = Field(default="", description="What is bought from providers, in words.")


class ContractRule(Model):
    """A contract type and length guidance (the first rule that fits the outcome and holds)."""

    type: ContractType = Field(
        description="fee_for_service, preferred_supplier, preferred_contractor or buy_in."
    )
    when: Condition | None = Field(
        default=None, description="When it applies (none: always, for its outcomes)."
    )
    outcomes: tuple[Outcome, ...] = Field(
        default=("hybrid", "outsource"), description="The outcomes it can be chosen for."
    )
    length: Text = Field(min_length=1, description="Contract length guidance, in words.")
    years: float | None = Field(
        default=None,
        ge=1,
        le=30,
        description="The length the guidance advises, in years, when it names one: the "
        "decision then says what the business case gives over it, when the answers cost "
        "another length.",
    )
    because: Text = Field(min_length=1, description="Why, in a sentence or two.")


class PortfolioPolicy(Model):
    """When `outsource compare` flags concentration risk."""

    outsourced_functions: Annotated[int, Strict(), Field(ge=2, le=10_000)] = Field(
        default=3, description="Flag this many functions (or more) going out at once."
    )
    same_market: Annotated[int, Strict(), Field(ge=2, le=10_000)] = Field(
        default=2,
        description="Flag this many functions (or more) going to the same form and location.",
    )


def _combination(strategy: str, *outcomes: str) -> Any:
    columns = ("pays", "marginal", "premium", "loses", "loses_heavily")
    return Combination(strategy=strategy, **dict(zip(columns, outcomes, strict=True)))


K, H, OUT = "keep_in_house", "hybrid", "outsource"


def default_outcomes() -> tuple[Any, ...]:
    """The outcome table of docs/decision-engine.md, "Strategy and economics together", for a
    policy that gives none (made when needed: a model made at import builds its validator)."""
    return (
        _combination("insource", K, K, K, K, K),
        _combination("eliminate_or_migrate", H, H, H, H, K),
        _combination("co_source", H, H, H, H, K),
        _combination("best_source", OUT, OUT, H, H, K),
        _combination("outsource", OUT, OUT, OUT, H, K),
    )


class Policy(Model):
    """The decision policy of outsource-cli (policy.yaml): the three stages (strategy,
    economics, readiness), knock-out gates, form, location, mitigations, sourcing models and
    contracts."""

    version: Literal[1] = Field(default=1, description="The policy format's version: 1.")
    strategy: StrategyPolicy = Field(
        default_factory=StrategyPolicy,
        description="Stage 1, should it go out at all: the frameworks' cells.",
    )
    economics: EconomicsPolicy = Field(
        default_factory=EconomicsPolicy,
        description="Stage 2, does it pay: the net saving's thresholds and non-cost reasons.",
    )
    outcomes: tuple[Combination, ...] = Field(
        default_factory=default_outcomes,
        description="The outcome of each strategy verdict under each economics verdict.",
    )
    readiness: tuple[ReadinessRule, ...] = Field(
        default=(),
        description="Stage 3, can it be done safely now: shortfalls the firm can fix first.",
    )
    gates: tuple[Gate, ...] = Field(
        default=(), description="Knock-out rules that limit or set the outcome."
    )
    form: FormPolicy = Field(description="The form of outsourcing: a default, and rules.")
    location: LocationPolicy = Field(description="How the location is chosen.")
    mitigations: tuple[MitigationRule, ...] = Field(
        default=(), description="The mitigations the tool can recommend."
    )
    models: tuple[SourcingModel, ...] = Field(
        default=(), description="The sourcing models: the first that fits is recommended."
    )
    contracts: tuple[ContractRule, ...] = Field(
        default=(), description="Contract types and lengths: the first that fits is shown."
    )
    rationale_size: Annotated[int, Strict(), Field(ge=1, le=50)] = Field(
        default=6, description="How many answers the rationale lists (1-50)."
    )
    portfolio: PortfolioPolicy = Field(
        default_factory=PortfolioPolicy,
        description="Thresholds for the concentration risk that `outsource compare` flags.",
    )


KINDS: dict[str, type[Model]] = {cls.__name__: cls for cls in Model.__subclasses__()}

KIND = "~"  # the key that names a part's kind in tagged data (never a field name)


def tagged(value: Any) -> Any:
    """``value`` (a part or a field value) as plain JSON data with each part's kind under
    ``~``: what the cache stores, and :func:`untagged` reads back."""
    if isinstance(value, Model):
        data: dict[str, Any] = {KIND: type(value).__name__}
        for name, v in value.field_items():
            data[type(value).model_fields[name].alias or name] = tagged(v)
        return data
    if isinstance(value, tuple):
        return [tagged(v) for v in value]
    return value


def untagged(data: Any) -> Any:
    """The parts that :func:`tagged` wrote, built without validating (``model_construct``:
    only for data this tool wrote and signed). KeyError or TypeError when the data is not of
    that form."""
    if isinstance(data, dict):
        kind = KINDS[data[KIND]]
        return kind.model_construct(**{k: untagged(v) for k, v in data.items() if k != KIND})
    if isinstance(data, list):
        return tuple([untagged(v) for v in data])
    return data


def plain(value: Any) -> Any:
    """``value`` as the plain JSON data of its file (what ``model_dump(mode="json",
    by_alias=True)`` gives, without building the serializers): what a decision record's
    hashes are taken of."""
    if isinstance(value, Model):
        fields = type(value).model_fields
        return {fields[k].alias or k: plain(v) for k, v in value.field_items()}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


# Last: the table of question types reads the models above (a question's ``type`` names one).
from outsource_cli.questionnaire import answer_types  # noqa: E402
