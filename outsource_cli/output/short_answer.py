"""The short answer (the default of ``outsource assess``), for a board at 80x24: the
recommendation in a box, the three stages, the steps before signing, the money, how it would
be done, the one or two changes that would change it, and where the rest is. Every text from
a file goes through :func:`clean` into ``rich.text.Text``."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from outsource_cli.decision.counterfactuals import Counterfactuals, Flip
from outsource_cli.decision.engine import Decision
from outsource_cli.decision.whatif import WhatIf
from outsource_cli.output import business
from outsource_cli.output.business import OUTCOME_WORDS
from outsource_cli.output.console import OUTCOME_TITLES, Glued, hanging, outcome_text
from outsource_cli.output.report import (
    OUTCOME,
    answered_share,
    gate_effect,
    question_name,
    robustness_words,
)
from outsource_cli.output.sourcing import CONTRACT, contract_note
from outsource_cli.output.stages import (
    STAGE_TITLES,
    answer_first,
    form_words,
    once_ready,
    readiness_gaps,
    short_line,
)
from outsource_cli.output.tornado import tornado
from outsource_cli.output.uncertainty import probability_line
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.text import clean, one_line

SHORT_SWINGS = 3
SHORT_ADVICE = 2


def _clause(sentence: str) -> str:
    """A sentence as a clause after "because": no final full stop, a lower-case first letter
    unless the first word is an acronym ("EU")."""
    text = sentence.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def headline(decision: Decision) -> Text:
    """ "OUTSOURCE ONCE READY  ·  BPO  ·  nearshore  ·  PROVISIONAL", in colour."""
    text = outcome_text(decision.outcome, once_ready(decision), decision.recommended)
    if not decision.recommended:
        return text
    if decision.form:
        text.append(f"  ·  {decision.form.upper()}", style="bold")
    if decision.location:
        text.append(f"  ·  {decision.location}", style="bold")
    if (
        decision.model is not None
        and decision.model.title.upper() != OUTCOME_TITLES[decision.outcome]
    ):
        text.append(f"  ·  {clean(decision.model.title)}", style="bold")
    if decision.provisional:
        text.append("  ·  PROVISIONAL", style="bold red")
    return text


class _ShortBox:
    """The short answer's box: titled "Recommendation: NAME" when that fits its top border;
    when it does not (a border title is cut, never folded), titled "Recommendation:" with the
    name as the box's first line, folded at words (the same words in the same order at any
    width)."""

    def __init__(self, body: Text, name: str) -> None:
        self.body, self.name = body, name

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Panel]:
        title = f"Recommendation: {self.name}" if self.name else "Recommendation"
        if cell_len(title) + 6 <= options.max_width:  # "╭─ " and " ─╮", and a cell to spare
            yield Panel(Glued(self.body), title=Text(title), title_align="left", expand=False)
            return
        body = Glued(Text.assemble((self.name, "bold"), "\n", self.body))
        yield Panel(body, title=Text("Recommendation:"), title_align="left", expand=False)


def _answered(d: Decision) -> str:
    """ "every question answered", or the share answered by weight."""
    if not d.unanswered:
        return "every question answered"
    if not any(x.weight > 0 for x in d.dimensions if x.asked):
        return answered_share(d)  # every set weighs 0: "12 of 30 scored questions answered"
    return f"{d.completeness:.0%}"[:-1] + " % of the questions answered, by weight"


def _short_status(d: Decision, catalog: Catalog) -> list[tuple[str, str]]:
    """The box's lines under the headline, in the board's words: provisional or not, how firm
    the outcome is, how much is answered; the uncertain answers' probabilities."""
    lines: list[tuple[str, str]] = []
    r = d.missing_range
    could_change = set(r.outcomes) != {d.outcome}
    if d.provisional and could_change:
        words = [OUTCOME_WORDS[o] for o in r.outcomes]
        outcomes = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
        names = "; ".join(f"“{question_name(catalog, q)}”" for q in r.questions[:2])
        more = f" and {len(r.questions) - 2} more" if len(r.questions) > 2 else ""
        # with no recommendation, the questions to answer first have a paragraph of their own
        first = f" Answer first: {names}{more}." if names and d.recommended else ""
        lines.append(
            (
                f"Provisional: unanswered questions could still make it {outcomes}.{first}",
                "bold red",
            )
        )
    answered = _answered(d)
    if d.unanswered and not could_change:
        answered += "; the rest could not change it"
    if d.robustness_changes and d.recommended:  # with no outcome recommended, none holds
        lines.append(
            (
                f"{robustness_words(d)}; {answered}.",
                "",
            )
        )
    else:
        lines.append((f"{answered[:1].upper()}{answered[1:]}.", ""))
    if d.uncertainty is not None:
        lines.append((probability_line(d), ""))
    return lines


def _short_stages(d: Decision, catalog: Catalog) -> Table:
    """The three stages, a line each, their figures kept with their units."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for stage in d.stages:
        once = stage.id == "readiness" and stage.verdict == "once_ready" and d.conditions
        line = Glued(Text(clean(readiness_gaps(d) if once else short_line(d, stage, catalog))))
        table.add_row(STAGE_TITLES[stage.id] + " ", line)
    return table


def _short_box(d: Decision, catalog: Catalog) -> _ShortBox:
    body = headline(d)
    for line, style in _short_status(d, catalog):
        body.append("\n")
        body.append(clean(line), style=style)
    return _ShortBox(body, clean(d.function or ""))


def _short_location(d: Decision, catalog: Catalog) -> str:
    """ "nearshore, because the data must stay in your region", with the limits assumed or
    left out; "offshore (nothing limits it)"."""
    assert d.location is not None
    limits = [c for c in d.location_reasons if c.rule is not None]
    binding = [c for c in limits if c.value == d.location][:1]  # the one that decides
    others = len(limits) - len(binding)
    notes = [f"{others} more limit{'s' if others > 1 else ''}: --detail full"] if others else []
    if binding:
        why = f", because {_clause(binding[0].because)}"
        if not binding[0].certain:
            names = ", ".join(f"“{question_name(catalog, q)}”" for q in binding[0].widen)
            notes.insert(0, "assumed until answered" + (f": {names}" if names else ""))
    else:
        why = ""
        notes.insert(0, "nothing limits it")
    return d.location + why + (f" ({'; '.join(notes)})" if notes else "")


def _short_how(d: Decision, catalog: Catalog) -> Text | None:
    """How it would be done, one paragraph: the provider (its form, spelled out once, and
    where), what to keep and what to buy, and the contract."""
    text = Text()

    def add(label: str, words: str) -> None:
        if text:
            text.append(" ")
        text.append(label, style="bold")
        text.append(clean(words))

    where = [form_words(d.form)] if d.form else []
    where += [_short_location(d, catalog)] if d.location is not None else []
    if where:
        add("Provider: ", ", ".join(where) + ".")
    if d.model is not None and d.model.keep:
        add("Keep: ", d.model.keep)
    if d.model is not None and d.model.buy:
        add("Buy: ", d.model.buy)
    if d.contract is not None:
        length = f"{d.contract.length[:1].lower()}{d.contract.length[1:]}"
        note = contract_note(d)
        add("Contract: ", f"{CONTRACT.get(d.contract.type, d.contract.type)}; {length}")
        if note:
            add("", note)
    return text or None


def _short_advice(cf: Counterfactuals | None, catalog: Catalog) -> list[object]:
    """The one or two smallest changes that would change the outcome: what the firm could do,
    else what would have to be different."""
    if cf is None:
        return []
    levers = [f for f in cf.singles if f.kind == "lever"] + [
        f for f in cf.pairs if f.kind == "lever"
    ]
    facts = [f for f in cf.singles if f.kind == "fact"]
    advice, title = (
        (levers, "What you could do") if levers else (facts, "What would have to be different")
    )
    if not advice:
        return []
    return [
        "",
        Text(title, style="bold"),
        *(hanging("• ", Glued(Text(clean(_short_flip(f))))) for f in advice[:SHORT_ADVICE]),
    ]


def _short_flip(flip: Flip) -> str:
    """ "Hybrid if “How many years would the contract run?” were “4 years”, not “5 years”."
    (the outcome first; ``flip_sentence`` is the full answer's longer form)."""
    parts = [
        f"“{one_line(c.text)}” were answered “{one_line(c.after)}”"
        if c.before == "(not answered)"
        else f"“{one_line(c.text)}” were “{one_line(c.after)}”, not “{one_line(c.before)}”"
        for c in flip.changes
    ]
    return f"{OUTCOME[flip.outcome]} if {' and '.join(parts)}."


def short_renderable(
    decision: Decision,
    catalog: Catalog,
    cf: Counterfactuals | None = None,
    whatif: WhatIf | None = None,
) -> Group:
    """The short answer (the default), for a board at 80x24: the recommendation first, the
    three stages, the steps before signing, the money, how it would be done, the one or two
    changes that would change it, and where the rest is. ``--detail full`` and the reports
    have everything (tests/test_short_answer.py holds the shipped examples to 24 lines)."""
    d = decision
    parts: list[object] = [_short_box(d, catalog), *_caveats(d, catalog, whatif)]
    parts.extend(tornado(d, catalog, SHORT_SWINGS))
    if not d.recommended:
        parts.extend(["", Text(clean(answer_first(d, catalog)), style="bold"), ""])
    parts.append(_short_stages(d, catalog))
    parts.extend(_deciding_gates(d))
    parts.extend(_money_and_how(d, catalog))
    parts.extend(_short_advice(cf, catalog))
    n = len(d.mitigations)
    plan_steps = f", with the plan's {n} step{'s' if n != 1 else ''}" if n else ""
    parts.extend(
        ["", Text(f"Everything else{plan_steps}: --detail full, or --format html.", style="dim")]
    )
    return Group(*parts)  # type: ignore[arg-type]


def _caveats(d: Decision, catalog: Catalog, whatif: WhatIf | None) -> list[Text]:
    """Under the box: a what-if, the answers taken as suggested, the questions not asked."""
    parts = []
    if whatif:
        notes = "; ".join(whatif.notes())
        parts.append(
            Text(f"What-if, not the answers as given: {clean(notes)}", style="bold yellow")
        )
    if d.defaulted:
        names = "; ".join(clean(catalog.questions[q].text) for q in d.defaulted[:3])
        more = f"; and {len(d.defaulted) - 3} more" if len(d.defaulted) > 3 else ""
        parts.append(
            Text(
                f"Taken as suggested, with Enter ({len(d.defaulted)}): {names}{more}. Check "
                f"{'them' if len(d.defaulted) > 1 else 'it'} before relying on the result.",
                style="dim",
            )
        )
    if d.not_asked:
        parts.append(
            Text(
                f"Not asked ({len(d.not_asked)}): the result was settled without them; they "
                "would refine the money and the plan (assess --resume FILE asks them).",
                style="dim",
            )
        )
    return parts


def _deciding_gates(d: Decision) -> list[Table]:
    """Each gate that changes the outcome, a "!" line (but the one the readiness line names)."""
    readiness = next((s for s in d.stages if s.id == "readiness"), None)
    named = readiness.rule if readiness is not None else None  # the readiness line names it
    parts = []
    for g in d.gates:
        if g.changes_outcome and not (g.id == named and g.status == "fired"):
            line = Text(clean(g.title), style="bold")
            line.append(f" ({clean(gate_effect(g))})")
            parts.append(hanging(Text("! ", style="bold red"), Glued(line), 0))
    return parts


def _money_and_how(d: Decision, catalog: Catalog) -> list[object]:
    """The money in one sentence, then how it would be done, after a blank line."""
    parts: list[object] = []
    if d.business_case is not None or d.model is not None or d.location is not None:
        parts.append("")
    if d.business_case is not None:
        money = business.short(d.business_case, d.currency)
        parts.append(Glued(Text.assemble(("Money: ", "bold"), money)))
    how = _short_how(d, catalog)
    if how is not None:
        parts.append(Glued(how))
    return parts
