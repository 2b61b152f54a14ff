"""Mappings and sets read as a base with a few differences, without copying the base: an
evaluation of a small change shares the base evaluation's answers, scores and open questions
(:class:`~outsource_cli.decision.evaluation.Evaluator`). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from typing import TypeVar

from outsource_cli.decision.scoring import SetSum

V = TypeVar("V")
NO_KEYS: frozenset[str] = frozenset()  # shared by the overlays that remove nothing


class Overlay(Mapping[str, V]):
    """A mapping as ``base`` with some keys ``changed`` and some ``removed``, without copying
    ``base`` (an evaluation of a small change shares the base evaluation's answers)."""

    __slots__ = ("_base", "_changed", "_removed")

    def __init__(self, base: Mapping[str, V], changed: dict[str, V], removed: Set[str]):
        self._base, self._changed, self._removed = base, changed, removed

    def __getitem__(self, key: str) -> V:
        if key in self._changed:
            return self._changed[key]
        if key in self._removed:
            raise KeyError(key)
        return self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._changed or (key not in self._removed and key in self._base)

    def __iter__(self) -> Iterator[str]:
        for key in self._base:
            if key not in self._removed and key not in self._changed:
                yield key
        yield from self._changed

    def __len__(self) -> int:  # without walking the base
        base, changed = self._base, self._changed
        gone = sum(1 for k in self._removed if k in base and k not in changed)
        return len(base) - gone + sum(1 for k in changed if k not in base)


class SetOverlay(Set[str]):
    """A set as ``base`` with some members ``added`` and some ``removed``, without copying
    ``base`` (the questions open after a small change are nearly the base's)."""

    __slots__ = ("_added", "_base", "_removed")

    def __init__(self, base: Set[str], added: Set[str], removed: Set[str]):
        """``added`` and ``removed`` disjoint (they may be changed afterwards, and the overlay
        shows it); :meth:`of` for one that keeps only what differs from ``base``."""
        self._base, self._added, self._removed = base, added, removed

    @classmethod
    def of(cls, base: Set[str], added: Set[str], removed: Set[str]) -> Set[str]:
        """``base`` with ``added`` and without ``removed`` (``base`` itself when that is all
        it is)."""
        plus = frozenset(k for k in added if k not in base)
        minus = frozenset(k for k in removed if k in base)
        return cls(base, plus, minus) if plus or minus else base

    @classmethod
    def _from_iterable(cls, it: Iterable[V]) -> frozenset[V]:  # what - and & give
        return frozenset(it)

    def __contains__(self, key: object) -> bool:
        return key in self._added or (key not in self._removed and key in self._base)

    def __iter__(self) -> Iterator[str]:
        removed = self._removed
        yield from (k for k in self._base if k not in removed)
        yield from self._added

    def __len__(self) -> int:
        base = self._base
        gone = sum(1 for k in self._removed if k in base)
        return len(base) - gone + sum(1 for k in self._added if k not in base)

    __hash__ = Set._hash


class SetScores(Mapping[str, float | None]):
    """Each set's score, worked out only when a condition asks for it."""

    __slots__ = ("_sums",)

    def __init__(self, sums: Mapping[str, SetSum]):
        self._sums = sums

    def __getitem__(self, key: str) -> float | None:
        return self._sums[key].score

    def __iter__(self) -> Iterator[str]:
        return iter(self._sums)

    def __len__(self) -> int:
        return len(self._sums)

    def __bool__(self) -> bool:
        return True  # a condition asks for one set's score: never count them all
