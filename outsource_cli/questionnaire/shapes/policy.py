"""The parts of the decision policy (policy.yaml): the strategy's cells, the economics'
thresholds and reasons, the outcome table, readiness, gates, form, location, mitigations,
sourcing models, contracts and the portfolio's thresholds; and the words each stage's verdicts
are given in.

No ``from __future__ import annotations`` in the modules that make models (see the package's
docstring).
"""

from typing import Annotated, Any, Literal

from pydantic import Field, Strict

from outsource_cli.questionnaire.shapes.base import Id, Model, QuestionRef, Text
from outsource_cli.questionnaire.shapes.conditions import Condition

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
