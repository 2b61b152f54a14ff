"""Calculated values: a tiny expression language over numeric answers, parsed by the tool and
walked by plain code — never ``eval``, never a template engine. Pure.

An expression is made of numbers, references to questions or to other calculated values
(``set.id``), ``+ - * /``, parentheses, ``min(a, b, ...)``, ``max(a, b, ...)``,
``round(x)`` or ``round(x, digits)``, and at most one comparison (``< <= > >= == !=``) at the
top, which makes it a test (a condition). Grammar::

    test   := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
    sum    := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | REF | NAME "(" test ("," test)* ")" | "(" test ")"

A value is unknown (None) when an input is not answered, is not a number, or a division by
zero happens on the way; a test on an unknown value does not hold (and is *unknown* while an
input is still open, like any other condition).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

MAX_LENGTH = 500
MAX_DEPTH = 40
FUNCTIONS = ("min", "max", "round")
COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")


class Num(NamedTuple):
    value: float
    pos: int


class Ref(NamedTuple):
    name: str  # set.id
    pos: int


class Neg(NamedTuple):
    arg: Node
    pos: int


class Bin(NamedTuple):
    op: str  # + - * /
    left: Node
    right: Node
    pos: int


class Call(NamedTuple):
    fn: str  # min, max, round
    args: tuple[Node, ...]
    pos: int


class Cmp(NamedTuple):
    op: str
    left: Node
    right: Node
    pos: int


Node = Num | Ref | Neg | Bin | Call | Cmp


class CalcError(ValueError):
    """A problem with an expression, at a 0-based character ``pos`` within it."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message, self.pos = message, pos


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<ref>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>]))"
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:
            at = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise CalcError(f"unexpected character {text[at]!r}", at)
        kind = m.lastgroup
        found.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    found.append(("end", "", len(text)))
    return found


def parse(text: str) -> Node:
    """The expression's tree, or a :class:`CalcError` at the character where it goes wrong."""
    if len(text) > MAX_LENGTH:
        raise CalcError(f"an expression is at most {MAX_LENGTH} characters", MAX_LENGTH)
    if not text.strip():
        raise CalcError("an empty expression", 0)
    return _Parser(_tokens(text)).top()


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]]) -> None:
        self.tokens, self.i, self.depth = tokens, 0, 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, text, pos = self.take()
        if text != value or kind != "op":
            raise CalcError(f"expected '{value}', found {_shown(kind, text)}", pos)

    def top(self) -> Node:
        node = self.test()
        kind, text, pos = self.peek()
        if kind != "end":
            raise CalcError(f"unexpected {_shown(kind, text)}", pos)
        return node

    def test(self) -> Node:
        left = self.sum()
        kind, text, pos = self.peek()
        if kind == "op" and text in COMPARISONS:
            self.take()
            right = self.sum()
            k2, t2, p2 = self.peek()
            if k2 == "op" and t2 in COMPARISONS:
                raise CalcError("one comparison only (use all/any conditions to combine)", p2)
            return Cmp(text, left, right, pos)
        return left

    def sum(self) -> Node:
        node = self.term()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            _, op, pos = self.take()
            node = Bin(op, node, self.term(), pos)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in "*/":
            _, op, pos = self.take()
            node = Bin(op, node, self.unary(), pos)
        return node

    def unary(self) -> Node:
        kind, text, pos = self.peek()
        if kind == "op" and text == "-":
            self.take()
            return Neg(self._nested(self.unary, pos), pos)
        return self.atom()

    def _nested(self, parse_part: Callable[[], Node], pos: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError(f"nested more than {MAX_DEPTH} deep", pos)
        try:
            return parse_part()
        finally:
            self.depth -= 1

    def atom(self) -> Node:
        kind, text, pos = self.take()
        if kind == "num":
            value = float(text)
            if not math.isfinite(value) or abs(value) > 1e15:
                raise CalcError(f"the number {text} is too large", pos)
            return Num(value, pos)
        if kind == "ref":
            return Ref(text, pos)
        if kind == "name":
            if text not in FUNCTIONS:
                raise CalcError(
                    f"unknown function '{text}' (the functions: {', '.join(FUNCTIONS)}); "
                    "a reference is set_id.id",
                    pos,
                )
            self.expect("(")
            args = [self._nested(self.test, pos)]
            while self.peek()[1] == ",":
                self.take()
                args.append(self._nested(self.test, pos))
            self.expect(")")
            if text == "round":
                if len(args) > 2:
                    raise CalcError("round takes a value and, optionally, a number of digits", pos)
                if len(args) == 2 and not isinstance(args[1], Num):
                    raise CalcError("round's digits must be a number, such as 2", pos)
            return Call(text, tuple(args), pos)
        if kind == "op" and text == "(":
            node = self._nested(self.test, pos)
            self.expect(")")
            return node
        raise CalcError(f"expected a number, a reference or '(', found {_shown(kind, text)}", pos)


def _shown(kind: str, text: str) -> str:
    return "the end" if kind == "end" else f"'{text}'"


def refs(node: Node) -> Iterator[Ref]:
    """Every reference in ``node``, in reading order."""
    if isinstance(node, Ref):
        yield node
    elif isinstance(node, Neg):
        yield from refs(node.arg)
    elif isinstance(node, Bin | Cmp):
        yield from refs(node.left)
        yield from refs(node.right)
    elif isinstance(node, Call):
        for a in node.args:
            yield from refs(a)


def inline(node: Node, calcs: Mapping[str, Node]) -> Node:
    """``node`` with every reference to a calculated value replaced by its expression (the
    checks have refused cycles), so that only questions are left."""
    if isinstance(node, Ref):
        inner = calcs.get(node.name)
        return node if inner is None else inline(inner, calcs)
    if isinstance(node, Neg):
        return Neg(inline(node.arg, calcs), node.pos)
    if isinstance(node, Bin | Cmp):
        return node._replace(left=inline(node.left, calcs), right=inline(node.right, calcs))
    if isinstance(node, Call):
        return Call(node.fn, tuple(inline(a, calcs) for a in node.args), node.pos)
    return node


Value = float | bool | None


def value(node: Node, answers: Mapping[str, object]) -> Value:
    """The value of ``node`` given ``answers`` (by question id): a number, the truth of a
    comparison, or None when an input is unanswered or not a number, or a division by zero
    happens on the way."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        v = answers.get(node.name)
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v)
        return None
    if isinstance(node, Neg):
        x = value(node.arg, answers)
        return None if not _number(x) else -x  # type: ignore[operator]
    if isinstance(node, Call):
        args = [value(a, answers) for a in node.args]
        if not all(_number(a) for a in args):
            return None
        nums = [float(a) for a in args]  # type: ignore[arg-type]
        if node.fn == "min":
            return min(nums)
        if node.fn == "max":
            return max(nums)
        return float(round(nums[0], int(nums[1]) if len(nums) > 1 else 0))
    a, b = value(node.left, answers), value(node.right, answers)
    if not (_number(a) and _number(b)):
        return None
    x, y = float(a), float(b)  # type: ignore[arg-type]
    if isinstance(node, Cmp):
        return _compare(node.op, x, y)
    if node.op == "+":
        return x + y
    if node.op == "-":
        return x - y
    if node.op == "*":
        return x * y
    return None if y == 0 else x / y


def _number(x: Value) -> bool:
    return isinstance(x, float) and math.isfinite(x)


def _compare(op: str, x: float, y: float) -> bool:
    # the one rounding rule of scores: float noise never decides a test
    x, y = round(x, 9), round(y, 9)
    return {
        "<": x < y,
        "<=": x <= y,
        ">": x > y,
        ">=": x >= y,
        "==": x == y,
        "!=": x != y,
    }[op]


def kind(node: Node, kinds: Mapping[str, str]) -> str:
    """``"number"`` or ``"test"`` (a comparison); a :class:`CalcError` when a test is used as a
    number. ``kinds``: of calculated values by id (references not in it are numbers)."""
    if isinstance(node, Cmp):
        for side in (node.left, node.right):
            if kind(side, kinds) != "number":
                raise CalcError("a comparison's sides must be numbers, not tests", side.pos)
        return "test"
    if isinstance(node, Ref):
        return kinds.get(node.name, "number")
    for part in _parts(node):
        if kind(part, kinds) != "number":
            raise CalcError("arithmetic needs numbers, not a test (a comparison)", part.pos)
    return "number"


def _parts(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg):
        return (node.arg,)
    if isinstance(node, Bin | Cmp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


Interval = tuple[float, float]


def bounds(node: Node, scales: Mapping[str, Interval], zero: list[Node] | None = None) -> Interval:
    """The lowest and highest value ``node`` can take when each reference lies within its
    ``scales`` interval (interval arithmetic: never too narrow). Divisions whose divisor may
    be zero are added to ``zero``."""
    inf = math.inf
    if isinstance(node, Num):
        return node.value, node.value
    if isinstance(node, Ref):
        return scales.get(node.name, (-inf, inf))
    if isinstance(node, Cmp):
        bounds(node.left, scales, zero)
        bounds(node.right, scales, zero)
        return 0.0, 1.0
    if isinstance(node, Neg):
        lo, hi = bounds(node.arg, scales, zero)
        return -hi, -lo
    if isinstance(node, Call):
        parts = [bounds(a, scales, zero) for a in node.args]
        if node.fn == "min":
            return min(p[0] for p in parts), min(p[1] for p in parts)
        if node.fn == "max":
            return max(p[0] for p in parts), max(p[1] for p in parts)
        lo, hi = parts[0]
        return math.floor(lo), math.ceil(hi)
    (a, b), (c, d) = bounds(node.left, scales, zero), bounds(node.right, scales, zero)
    if node.op == "+":
        return a + c, b + d
    if node.op == "-":
        return a - d, b - c
    if node.op == "/":
        if c <= 0 <= d:
            if zero is not None:
                zero.append(node.right)
            return -inf, inf
        c, d = 1 / d, 1 / c
    products = [_mul(x, y) for x in (a, b) for y in (c, d)]
    return min(products), max(products)


def _mul(x: float, y: float) -> float:
    return 0.0 if x == 0 or y == 0 else x * y


def text_of(node: Node) -> str:
    """The expression written back out (for messages)."""
    if isinstance(node, Num):
        return f"{node.value:g}"
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Neg):
        return f"-{text_of(node.arg)}"
    if isinstance(node, Call):
        return f"{node.fn}({', '.join(text_of(a) for a in node.args)})"
    return f"({text_of(node.left)} {node.op} {text_of(node.right)})"
