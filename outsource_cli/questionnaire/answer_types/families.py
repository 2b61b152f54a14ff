"""The three families of answer types, as base classes of the table
(:mod:`outsource_cli.questionnaire.answer_types`): a number on a scale
(:class:`~.numbers.NumberAnswer`, in its own module), one option (:class:`OptionAnswer`) and a set of options
(:class:`OptionsAnswer`). Each holds what its answers mean everywhere in the tool; a type of
the table is one of them with a name and the few things it does its own way. Pure: no
printing, no prompting.

The engine's searches (:mod:`outsource_cli.decision`) try answers by family: a number's points
on its scale (``numeric``), the subsets of a set of options (``many``), each option of one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from outsource_cli.questionnaire.shapes.base import AnswerValue
from outsource_cli.questionnaire.shapes.questions import Question
from outsource_cli.text import did_you_mean

if TYPE_CHECKING:
    from outsource_cli.errors import Problem
    from outsource_cli.questionnaire.index import QInfo
    from outsource_cli.questionnaire.source import Document, Loc

# the words for yes and no an answer may be written as (a bare one is a boolean in YAML 1.1)
YES_WORDS = ("yes", "y", "true", "on")
NO_WORDS = ("no", "n", "false", "off")

# How far apart a panel's answers are: an amount (highest minus lowest, in the question's
# unit), points of a scale, options some ticked and some did not, steps between ordered
# options, or different answers (less one)
Spread = Literal["amount", "points", "options", "steps", "answers"]


class AnswerType:
    """One kind of answer: how a file's value is read and written, its schema, its meaning
    checks, its score, and how the engine and a panel treat it. No state: one instance per
    type, in the table."""

    __slots__ = ()

    name: ClassVar[str]  # the value of a question's ``type``
    blurb: ClassVar[str] = ""  # in the schema's description of ``type``: "pick one option"
    noun: ClassVar[str] = "choice"  # in messages: "for this {noun}, ..."
    prompt: ClassVar[str] = "choice"  # the interview's prompt that asks it (interview/questions)
    numeric: ClassVar[bool] = False  # a number from the question's min to max, scored by ranges
    many: ClassVar[bool] = False  # a set of options (any number ticked)
    ordered: ClassVar[bool] = False  # a number: gte/lte and calculations read it
    scored_by: ClassVar[str] = "options"  # the field that holds its scores
    # the uncertain answer it takes: {range: [low, high]}, {one_of: [...]}, or none
    uncertain: ClassVar[Literal["range", "one_of"] | None] = "one_of"

    def __repr__(self) -> str:
        return f"<answer type {self.name}>"

    # ------------------------------------------------------------ reading and writing

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        """``raw`` (from YAML, JSON or ``--set``) as a valid answer to ``q``; ``ValueError``
        with a readable reason otherwise."""
        raise NotImplementedError

    def display(self, q: Question, value: AnswerValue) -> str:
        """An answer as a person reads it: the options' labels."""
        items = value if isinstance(value, tuple) else (value,)
        labels = [
            o.label
            for o in q.options
            if any(type(o.value) is type(v) and o.value == v for v in items)
        ]
        return ", ".join(labels) if labels else "(none)"

    def template_hint(self, q: Question) -> str:
        """What the answers template says an answer is (its options are listed after)."""
        return "one of:"

    def answer_schema(
        self, q: Question, choices: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], str]:
        """The JSON Schema of an answer (``choices``: the options, each with its label) and
        the sentence that says it."""
        listed = ", ".join(f"{o.value} ({o.label})" for o in q.options) + "."
        return {"oneOf": choices}, " One of: " + listed

    def uncertain_schema(
        self, q: Question, value: dict[str, Any]
    ) -> tuple[str, dict[str, Any]] | None:
        """The key and schema of its uncertain answer (``value``: an answer's schema)."""
        return (
            "one_of",
            {
                "type": "array",
                "description": "The answers it could be, each equally likely.",
                "items": self.one_of_items(q, value),
                "minItems": 1,
            },
        )

    def one_of_items(self, q: Question, value: dict[str, Any]) -> dict[str, Any]:
        """The schema of each item of a ``one_of``: one of the options' values."""
        return {"enum": [o.value for o in q.options]}

    def one_of_values(self, q: Question, picked: list[Any]) -> tuple[AnswerValue, ...]:
        """The values of a ``one_of`` of the answers ``picked``: in the options' order."""
        return tuple(
            o.value
            for o in q.options
            if any(type(o.value) is type(p) and o.value == p for p in picked)
        )

    # ------------------------------------------------------------ meaning checks

    def check(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        """The meaning checks of one question of this type (options, bounds, default)."""
        values = [o.value for o in q.options]
        for name in ("ranges", "min", "max"):
            if getattr(q, name) not in (None, ()):
                yield doc.problem(
                    [*loc, name], f"'{name}' belongs to number questions only", "S005", key=True
                )
        if len(q.options) < 2:
            yield doc.problem(
                [*loc, "options"] if q.options else loc,
                f"a {q.type} question needs at least two options",
                "S005",
            )
        yield from self.check_values(q, loc, doc)
        scores = {o.score is None for o in q.options}
        if len(scores) > 1:
            yield doc.problem(
                [*loc, "options"], "either every option has a score or none has", "S005"
            )
        if q.default is not None and not self.default_ok(q):
            yield doc.problem(
                [*loc, "default"],
                f"default {q.default!r} is not one of this question's "
                f"values: {', '.join(repr(v) for v in values)}",
                "R011",
            )

    def check_values(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        """The rule its option values follow (texts; yes and no; 1 to 5)."""
        for j, o in enumerate(q.options):
            if not isinstance(o.value, str):
                yield doc.problem(
                    [*loc, "options", j, "value"],
                    f"option values of a {q.type} question are texts; quote {o.value!r}",
                    "S005",
                )

    def default_ok(self, q: Question) -> bool:
        d = q.default
        return not isinstance(d, tuple) and (type(d), d) in _typed(q)

    def interval(self, q: Question | QInfo) -> tuple[float, float] | None:
        """The values a calculation reads from it, lowest to highest (None: it reads none)."""
        return None

    def domain(self, q: QInfo, thresholds: Iterable[float]) -> list[Any]:
        """The answers that can make a difference to a condition (``thresholds``: the numbers
        conditions compare it with)."""
        return list(q.values)

    # ------------------------------------------------------------ scores

    def listed_scores(self, q: Question) -> list[float]:
        """The scores the question set gives it (empty: not scored)."""
        return [o.score for o in q.options if o.score is not None]

    def scored(self, q: Question) -> bool:
        """Whether the question set scores it (:meth:`listed_scores`, without the list)."""
        return any(o.score is not None for o in q.options)

    def score(self, q: Question, value: AnswerValue) -> float | None:
        """The score of one answer, or None when the answer is not scored: the option's;
        for ticked options, the ``min``, ``max`` or ``mean`` of theirs (``combine``)."""
        if isinstance(value, tuple):
            scores = [o.score for o in q.options if o.score is not None and _picked(o.value, value)]
            if not scores:
                return None
            if q.combine == "mean":
                return sum(scores) / len(scores)
            return min(scores) if q.combine == "min" else max(scores)
        for o in q.options:
            if type(o.value) is type(value) and o.value == value:
                return o.score
        return None

    def score_bounds(self, q: Question) -> tuple[float, float] | None:
        """The lowest and highest score any answer can have (None: not scored)."""
        scores = self.listed_scores(q)
        return (min(scores), max(scores)) if scores else None

    def because(self, q: Question, value: AnswerValue) -> str:
        """Why ``value`` scores as it does: the question set's ``because``."""
        if isinstance(value, tuple):
            picked = [o for o in q.options if o.score is not None and _picked(o.value, value)]
            if not picked:
                return ""
            if q.combine == "mean":
                return "; ".join(o.because or "" for o in picked if o.because)
            pick = (min if q.combine == "min" else max)(picked, key=lambda o: o.score or 0)
            return pick.because or ""
        option = next(
            (o for o in q.options if type(o.value) is type(value) and o.value == value), None
        )
        return (option.because or "") if option is not None else ""

    def can_be_unscored(self, q: Question) -> bool:
        """Whether an answer can leave it without a score (it then drops out of the mean)."""
        return any(o.score is None for o in q.options)

    # ------------------------------------------------------------ the engine and a panel

    def neighbours(self, q: Question, value: AnswerValue) -> Iterator[AnswerValue]:
        """The answers one step from ``value`` (robustness): the options either side."""
        values = [o.value for o in q.options]
        index = next(
            (i for i, v in enumerate(values) if type(v) is type(value) and v == value), None
        )
        if index is None:
            return
        for j in (index - 1, index + 1):
            if 0 <= j < len(values):
                yield values[j]

    def has_order(self, q: Question) -> bool:
        """Whether the answers have an order a panel's median can use: options that all
        have a score."""
        return bool(q.options) and all(o.score is not None for o in q.options)

    def rank(self, q: Question, value: AnswerValue) -> tuple[float, int]:
        """Where ``value`` stands among the answers (lower: towards keeping in-house when
        scored): a number itself; an option's score, or else its place."""
        if self.ordered:
            assert isinstance(value, int | float)
            return float(value), 0
        for i, o in enumerate(q.options):
            if type(o.value) is type(value) and o.value == value:
                return (o.score if o.score is not None else float(i)), i
        return float("inf"), 0

    def spread_kind(self, q: Question) -> Spread:
        """How a panel's spread of answers is measured (and worded)."""
        return "steps" if self.has_order(q) else "answers"


class OptionAnswer(AnswerType):
    """One option of the question's, picked."""

    __slots__ = ()

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        values = [o.value for o in q.options]
        raw = _same_text(_bool_as_text(raw, values), values)
        if not isinstance(raw, str) or raw not in values:
            also = did_you_mean(str(raw), [str(v) for v in values])
            raise ValueError(_not_one_of(raw, values) + also)
        return raw


class OptionsAnswer(AnswerType):
    """Any of the question's options, ticked: a tuple of their values, in option order."""

    __slots__ = ()
    prompt = "ticks"
    many = True
    uncertain = None

    def coerce(self, q: Question, raw: Any) -> AnswerValue:
        values = [o.value for o in q.options]
        raw = _same_text(_bool_as_text(raw, values), values)
        items = (
            [_same_text(_bool_as_text(item, values), values) for item in raw]
            if isinstance(raw, list | tuple)
            else (
                [_same_text(p.strip(), values) for p in raw.split(",") if p.strip()]
                if isinstance(raw, str)
                else [raw]
            )
        )
        for item in items:
            if not isinstance(item, str) or item not in values:
                raise ValueError(_not_one_of(item, values))
        return tuple(str(v) for v in values if v in items)  # option order, no repeats

    def template_hint(self, q: Question) -> str:
        return "a list of any of:"

    def answer_schema(
        self, q: Question, choices: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], str]:
        listed = ", ".join(f"{o.value} ({o.label})" for o in q.options) + "."
        return (
            {
                "anyOf": [
                    {"type": "array", "items": {"oneOf": choices}},
                    {"oneOf": choices},
                    {"type": "string", "description": "Values separated by commas."},
                ]
            },
            " Any of: " + listed,
        )

    def uncertain_schema(
        self, q: Question, value: dict[str, Any]
    ) -> tuple[str, dict[str, Any]] | None:
        return None

    def default_ok(self, q: Question) -> bool:
        d = q.default
        items = d if isinstance(d, tuple) else (d,)
        return all((type(v), v) in _typed(q) for v in items)

    def domain(self, q: QInfo, thresholds: Iterable[float]) -> list[Any]:
        opts = [str(v) for v in q.values]
        if len(opts) <= 8:
            return [tuple(c) for n in range(len(opts) + 1) for c in itertools.combinations(opts, n)]
        return [(), *((v,) for v in opts), tuple(opts)]

    def can_be_unscored(self, q: Question) -> bool:
        return not q.required or super().can_be_unscored(q)

    def neighbours(self, q: Question, value: AnswerValue) -> Iterator[AnswerValue]:
        """Each option ticked or unticked (never nothing ticked when it is required)."""
        values = [o.value for o in q.options]
        picked = set(value) if isinstance(value, tuple) else set()
        for v in values:
            toggled = picked ^ {v}
            if toggled or not q.required:
                yield tuple(str(x) for x in values if x in toggled)

    def has_order(self, q: Question) -> bool:
        return False

    def spread_kind(self, q: Question) -> Spread:
        return "options"


def _picked(option: object, picked: tuple[str, ...]) -> bool:
    return any(type(option) is type(p) and option == p for p in picked)


def _typed(q: Question) -> list[tuple[type, Any]]:
    return [(type(o.value), o.value) for o in q.options]


def _same_text(raw: Any, values: list[Any]) -> Any:
    """A text answer that is an option's value written with other Unicode code points for the
    same characters (``é`` as e + a combining accent): that option's value (NFC compared)."""
    if not isinstance(raw, str) or raw in values:
        return raw
    import unicodedata

    form = unicodedata.normalize("NFC", raw)
    same = [v for v in values if isinstance(v, str) and unicodedata.normalize("NFC", v) == form]
    return same[0] if len(same) == 1 else raw


def _not_one_of(raw: Any, values: list[Any]) -> str:
    message = f"{raw!r} is not one of: {', '.join(map(str, values))}"
    texts = [v for v in values if isinstance(v, str)]
    if not isinstance(raw, str) and not isinstance(raw, bool) and str(raw) in texts:
        message += f" ({raw!r} is read as a number; the option is the text '{raw}': quote it)"
    return message


def _bool_as_text(raw: Any, values: list[Any]) -> Any:
    """YAML 1.1 reads a bare yes/no (true/false, on/off) as a boolean: to a question whose
    option values are such words as text, it means that word."""
    if not isinstance(raw, bool) or raw in [v for v in values if isinstance(v, bool)]:
        return raw
    words = YES_WORDS if raw else NO_WORDS
    return next((v for v in values if isinstance(v, str) and v.lower() in words), raw)
