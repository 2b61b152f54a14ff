"""outsource_cli.tuples.NamedTuple behaves as typing.NamedTuple does (compared on generated
classes and calls), at a fraction of the cost of making a class (benchmarks/startup.py)."""

from __future__ import annotations

import copy
import pickle
import typing
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsource_cli import tuples
from outsource_cli.errors import Problem


def both(names: list[str], defaults: int) -> tuple[Any, Any]:
    ns: dict[str, Any] = {}
    lines = "\n".join(
        f"    {n}: int" + (f" = 'default {n}'" if i >= len(names) - defaults else "")
        for i, n in enumerate(names)
    )
    for key, base in (("ours", "tuples.NamedTuple"), ("theirs", "typing.NamedTuple")):
        exec(f"class T({base}):\n{lines or '    pass'}\n", {"tuples": tuples, "typing": typing}, ns)
        ns[key] = ns.pop("T")
    return ns["ours"], ns["theirs"]


def outcome(make: Any) -> Any:
    try:
        value = make()
    except TypeError:
        return TypeError
    except ValueError:
        return ValueError
    return (tuple(value), value._asdict(), repr(value).split("(", 1)[1])


names = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True, max_size=5)


@given(
    names,
    st.integers(0, 5),
    st.integers(0, 7),
    st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "z"]), st.integers()),
    st.dictionaries(st.sampled_from(["a", "b", "c", "z"]), st.integers()),
)
def test_calls_give_what_typing_gives(
    fields: list[str],
    defaults: int,
    positional: int,
    keywords: dict[str, int],
    changes: dict[str, int],
) -> None:
    ours, theirs = both(fields, min(defaults, len(fields)))
    args = tuple(range(positional))
    assert ours._fields == theirs._fields
    assert ours._field_defaults == theirs._field_defaults
    assert outcome(lambda: ours(*args, **keywords)) == outcome(lambda: theirs(*args, **keywords))
    full = tuple(range(len(fields)))
    mine, other = ours(*full), theirs(*full)
    assert mine == other and hash(mine) == hash(other)
    assert outcome(lambda: mine._replace(**changes)) == outcome(lambda: other._replace(**changes))
    assert outcome(lambda: ours._make(args)) == outcome(lambda: theirs._make(args))


def test_a_named_tuple_is_a_tuple_without_a_dict() -> None:
    class Point(tuples.NamedTuple):
        x: int
        y: int = 0

        def norm(self) -> int:
            return abs(self.x) + abs(self.y)

    class Named(Point):
        def label(self) -> str:
            return f"({self.x}, {self.y})"

    p = Point(3, -4)
    assert p.norm() == 7 and p == (3, -4) and isinstance(p, tuple)
    assert not hasattr(p, "__dict__") and not hasattr(Named(1), "__dict__")
    assert Named(1).label() == "(1, 0)" and Named._fields == ("x", "y")
    x, y = p
    assert (x, y) == (3, -4) and p[1] == -4 and sorted([Point(2), Point(1, 5)])[0] == (1, 5)
    with pytest.raises(AttributeError):
        p.x = 1  # type: ignore[misc]
    assert copy.deepcopy(p) == p and pickle.loads(pickle.dumps(Problem("f", 1, 2, "m"))) == Problem(
        "f", 1, 2, "m"
    )
    match p:
        case Point(a, b):
            assert (a, b) == (3, -4)


def test_a_field_without_a_default_cannot_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="follows one with a default"):

        class Bad(tuples.NamedTuple):
            a: int = 1
            b: int

    with pytest.raises(TypeError, match="cannot start with '_'"):

        class Private(tuples.NamedTuple):
            _a: int
