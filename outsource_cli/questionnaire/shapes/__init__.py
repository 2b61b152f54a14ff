"""What question sets and the decision policy are made of: one frozen pydantic model of each
part, read by the whole tool.

The models live in modules named after what they model, and this package re-exports every
public name of them, so ``from outsource_cli.questionnaire.shapes import X`` is the way in:

- :mod:`.base`: the base of every part (:class:`Model`) and the field types parts share;
- :mod:`.conditions`: the parts of a ``when`` condition;
- :mod:`.questions`: question sets, their questions and calculations;
- :mod:`.policy`: the decision policy, and the words of its verdicts;
- :mod:`.tagging`: the cache's form of the parts (:func:`tagged`, :func:`untagged`, ``KINDS``)
  and their plain data (:func:`plain`).

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

No ``from __future__ import annotations`` in the modules that make models: pydantic would
compile and evaluate every annotation string when it makes a class, which costs more (4 ms on
an uncached start-up) than evaluating the annotations once.

The order below matters: :mod:`.questions` imports the table of question types
(:mod:`outsource_cli.questionnaire.answer_types`) at its last line, and the table reads
:mod:`outsource_cli.questionnaire.conditions`, which imports the conditions' and the policy's
names from this package: so they are here before the questions are made (the modules' names
sort in that order, so the import sorter keeps it). The table imports the questions from
:mod:`.questions` itself, which is made by then, not from this package, which is not yet.
"""

from outsource_cli.questionnaire.shapes.base import (
    MAX_NUMBER,
    NOT_SURE,
    Flag,
    Id,
    Model,
    Number,
    OptionValue,
    QuestionRef,
    Score,
    Text,
    Value,
)
from outsource_cli.questionnaire.shapes.conditions import (
    AllCondition,
    AnyCondition,
    CalcCondition,
    Condition,
    DimensionCondition,
    NotCondition,
    QuestionCondition,
    answered_test,
)
from outsource_cli.questionnaire.shapes.policy import (
    ECONOMICS_VERDICTS,
    LOCATIONS,
    OUT,
    OUTCOMES,
    STRATEGY_VERDICTS,
    Combination,
    ContractRule,
    ContractType,
    CostReason,
    EconomicsPolicy,
    EconomicsVerdict,
    Form,
    FormPolicy,
    FormRule,
    Gate,
    H,
    K,
    Location,
    LocationPolicy,
    LocationRule,
    MitigationCategory,
    MitigationRule,
    Outcome,
    Policy,
    PortfolioPolicy,
    ReadinessRule,
    SourcingModel,
    StrategyCell,
    StrategyPolicy,
    StrategyVerdict,
    default_outcomes,
)
from outsource_cli.questionnaire.shapes.questions import (
    Calculation,
    Option,
    Question,
    QuestionSet,
    QuestionType,
    Range,
)
from outsource_cli.questionnaire.shapes.tagging import KIND, KINDS, plain, tagged, untagged

__all__ = [
    "ECONOMICS_VERDICTS",
    "KIND",
    "KINDS",
    "LOCATIONS",
    "MAX_NUMBER",
    "NOT_SURE",
    "OUT",
    "OUTCOMES",
    "STRATEGY_VERDICTS",
    "AllCondition",
    "AnyCondition",
    "CalcCondition",
    "Calculation",
    "Combination",
    "Condition",
    "ContractRule",
    "ContractType",
    "CostReason",
    "DimensionCondition",
    "EconomicsPolicy",
    "EconomicsVerdict",
    "Flag",
    "Form",
    "FormPolicy",
    "FormRule",
    "Gate",
    "H",
    "Id",
    "K",
    "Location",
    "LocationPolicy",
    "LocationRule",
    "MitigationCategory",
    "MitigationRule",
    "Model",
    "NotCondition",
    "Number",
    "Option",
    "OptionValue",
    "Outcome",
    "Policy",
    "PortfolioPolicy",
    "Question",
    "QuestionCondition",
    "QuestionRef",
    "QuestionSet",
    "QuestionType",
    "Range",
    "ReadinessRule",
    "Score",
    "SourcingModel",
    "StrategyCell",
    "StrategyPolicy",
    "StrategyVerdict",
    "Text",
    "Value",
    "answered_test",
    "default_outcomes",
    "plain",
    "tagged",
    "untagged",
]
