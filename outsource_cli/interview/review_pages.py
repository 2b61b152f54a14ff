"""The review after the questions: the answers a page at a time (a page fits the terminal),
what changed in this review, and picking an answer to change (its question set, then it)."""

from __future__ import annotations

from outsource_cli.interview.loop import OnChange, run
from outsource_cli.interview.questions import Prompts, ask_and_record, prompts
from outsource_cli.interview.state import (
    ALL,
    BACK,
    CHANGE,
    DONE,
    MORE,
    InterviewInterrupted,
    Option,
    State,
)
from outsource_cli.interview.terminal import size, wrap
from outsource_cli.questionnaire.catalog import Catalog, walk
from outsource_cli.text import one_line


def review(catalog: Catalog, state: State, *, on_change: OnChange = None) -> State:
    """The answers a page at a time (a page fits the terminal); Enter goes on to the
    recommendation, or pick one to change. After a change only what changed is shown."""
    ui = prompts()
    before = {q: state.shown(x, q) for q, x in catalog.questions.items()}
    page, show_page = 0, True
    try:
        while True:
            _, shown = walk(catalog, state.answers)
            changed = [q for q in shown if before.get(q) != state.shown(catalog.questions[q], q)]
            pages = _pages(_review_lines(catalog, state, shown, set(changed)))
            page = min(page, len(pages) - 1)
            if show_page:
                _show_page(ui, pages, page, len(shown))
            if changed:
                ui.say(_changed_line(catalog, state, changed), style="bold")
            picked = ui.select("Review", _menu(pages, page, show_page), DONE, [])
            if picked == DONE:
                return state
            if picked in (MORE, ALL):
                page, show_page = (page + 1) % len(pages) if picked == MORE else 0, True
                continue
            if _change_an_answer(ui, catalog, state, shown, on_change):
                show_page = False  # show what changed, not the whole list again
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D on an empty line
        raise InterviewInterrupted(state) from None


def _show_page(ui: Prompts, pages: list[list[str]], page: int, answers: int) -> None:
    title = f"Your answers ({answers})"
    if len(pages) > 1:
        title += f" · page {page + 1} of {len(pages)}"
    ui.say("\n" + title, style="bold")
    for line in pages[page]:
        ui.say(line, style="bold" if not line.startswith("    ") else "")


def _changed_line(catalog: Catalog, state: State, changed: list[str]) -> str:
    """The last three answers changed in this review (of how many)."""
    return (
        f"\nChanged in this review ({len(changed)}): "
        + "; ".join(
            f"{one_line(catalog.questions[q].text)} → "
            f"{one_line(state.shown(catalog.questions[q], q))}"
            for q in changed[-3:]
        )
        + (" …" if len(changed) > 3 else "")
    )


def _menu(pages: list[list[str]], page: int, show_page: bool) -> list[Option]:
    options: list[Option] = [("Show the recommendation", DONE), ("Change an answer", CHANGE)]
    if len(pages) > 1:
        nxt = (page + 1) % len(pages)
        options.append((f"Show page {nxt + 1} of {len(pages)} of your answers", MORE))
    elif not show_page:
        options.append(("Show all your answers", ALL))
    return options


def _change_an_answer(
    ui: Prompts, catalog: Catalog, state: State, shown: list[str], on_change: OnChange
) -> bool:
    """Pick an answer and ask it again, then any questions it newly brings in; False when
    the user went back to the review instead."""
    qid = _pick_answer(ui, catalog, state, shown)
    if qid == BACK:
        return False
    ask_and_record(ui, catalog, state, qid, can_go_back=False, on_change=on_change)
    run(catalog, state, only_missing=True, on_change=on_change)  # newly shown questions
    return True


def _pick_answer(ui: Prompts, catalog: Catalog, state: State, shown: list[str]) -> str:
    """The answer to change: first the question set, then the question (each list short
    enough for any terminal); BACK to return to the review."""
    by_set: dict[str, list[str]] = {}
    for q in shown:
        by_set.setdefault(catalog.set_of[q].id, []).append(q)
    back = [("← Back to the review", BACK)]
    while True:
        set_id = next(iter(by_set))
        if len(by_set) > 1:
            sets = [
                (f"{one_line(catalog.set_of[q[0]].title)} ({len(q)})", s) for s, q in by_set.items()
            ]
            set_id = ui.select("Which question set?", sets, set_id, back)
            if set_id == BACK:
                return BACK
        choices = [
            (
                f"{one_line(catalog.questions[q].text)} "
                f"[{one_line(state.shown(catalog.questions[q], q))}]",
                q,
            )
            for q in by_set[set_id]
        ]
        extras = [("← Back to the question sets", BACK)] if len(by_set) > 1 else back
        picked: str = ui.select("Which answer?", choices, choices[0][1], extras)
        if picked != BACK or len(by_set) == 1:
            return picked


def _review_lines(catalog: Catalog, state: State, shown: list[str], changed: set[str]) -> list[str]:
    lines: list[str] = []
    current_set = None
    for qid in shown:
        qs = catalog.set_of[qid]
        if qs.id != current_set:
            lines.append(f"  {one_line(qs.title)}")
            current_set = qs.id
        q = catalog.questions[qid]
        mark = "* " if qid in changed else ""
        answer = one_line(state.shown(q, qid))
        lines.extend(wrap(f"{mark}{one_line(q.text)} → {answer}", indent=4).split("\n"))
    return lines


def _pages(lines: list[str]) -> list[list[str]]:
    """``lines`` in pages that leave room for the title and the menu in the terminal."""
    rows = max(8, size().lines - 12)
    pages: list[list[str]] = [[]]
    for line in lines:
        starts_set = not line.startswith("    ")
        if len(pages[-1]) >= rows or (starts_set and len(pages[-1]) >= rows - 2):
            pages.append([])
        pages[-1].append(line)
    return pages
