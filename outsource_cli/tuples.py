"""``NamedTuple`` for the package's value objects, at a tenth of the cost of making a class.

``typing.NamedTuple`` builds each class by compiling a forward reference for every field and
evaluating generated source for ``__new__``: about 0.1 ms a class, and a cached
``outsource assess`` defines some fifty of them before it does any work (5 ms, 2 % of a
start-up that must stay within 1.3 times a bare typer app's; see benchmarks/startup.py). This
one makes the same kind of class from the annotations' names alone, with one shared
``__new__``: a tuple subclass with the fields as read-only attributes, defaults for trailing
fields, keyword arguments, equality, hashing and order as tuples, ``_replace``, ``_asdict``,
``_fields`` and ``_field_defaults``. Type checkers see ``typing.NamedTuple`` itself, so they
check these classes exactly as before.

A class derives from it directly (``class Change(NamedTuple): ...``); a subclass of such a
class may add methods, not fields (as with ``typing.NamedTuple``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING or sys.version_info >= (3, 14):
    # from Python 3.14 a class body's annotations are evaluated lazily (PEP 649), and the
    # names of the fields are not in its namespace any more: typing's own there
    from typing import NamedTuple as NamedTuple
else:
    try:
        from _collections import _tuplegetter as _getter
    except ImportError:  # pragma: no cover - other Pythons than CPython
        from operator import itemgetter

        def _getter(index, doc):
            return property(itemgetter(index), doc=doc)

    _MISSING = object()  # a field not given yet
    _REPLACE_ERROR = TypeError if sys.version_info >= (3, 13) else ValueError

    class _Maker(type):
        """Makes each named tuple class: its fields from the annotations' names (never
        evaluated), a read-only attribute for each, and no ``__dict__``."""

        def __new__(mcls, name, bases, namespace, **kwargs):
            namespace.setdefault("__slots__", ())
            if not any(b.__dict__.get("_is_base") for b in bases):
                # NamedTuple itself, or a subclass of a named tuple (methods only: its fields
                # are its base's)
                return super().__new__(mcls, name, bases, namespace, **kwargs)
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = {}
            for index, field in enumerate(fields):
                if field.startswith("_"):
                    raise TypeError(f"{name}: field names cannot start with '_': {field}")
                if field in namespace:
                    defaults[field] = namespace[field]
                elif defaults:
                    raise TypeError(
                        f"{name}: field {field} without a default follows one with a default"
                    )
                namespace[field] = _getter(index, f"Alias for field number {index}")
            namespace.update(
                _index={field: index for index, field in enumerate(fields)},
                _slots=tuple(defaults.get(field, _MISSING) for field in fields),
                _fields=fields,
                _field_defaults=defaults,
                _required=len(fields) - len(defaults),
                _tail=tuple(defaults.values()),
                __match_args__=fields,
            )
            return super().__new__(mcls, name, bases, namespace, **kwargs)

    class NamedTuple(tuple, metaclass=_Maker):
        """A tuple with named fields (see the module's docstring)."""

        _is_base = True
        _index: ClassVar[dict[str, int]] = {}
        _slots = ()
        _fields = ()
        _field_defaults: ClassVar[dict[str, Any]] = {}
        _required = 0
        _tail = ()

        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            if not kwargs:
                given = len(args)
                if given == len(cls._fields):
                    return tuple.__new__(cls, args)
                if cls._required <= given < len(cls._fields):
                    return tuple.__new__(cls, args + cls._tail[given - cls._required :])
            return tuple.__new__(cls, cls._values(args, kwargs))

        @classmethod
        def _values(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
            fields, given = cls._fields, len(args)
            if given > len(fields):
                raise TypeError(
                    f"{cls.__name__}() takes {len(fields)} arguments but {given} were given"
                )
            values = [*args, *cls._slots[given:]]
            index = cls._index
            for name, value in kwargs.items():
                at = index.get(name, -1)
                if at < given:
                    raise TypeError(
                        f"{cls.__name__}() got an unexpected keyword argument '{name}'"
                        if at < 0
                        else f"{cls.__name__}() got multiple values for argument '{name}'"
                    )
                values[at] = value
            for at in range(given, cls._required):  # the fields without a default come first
                if values[at] is _MISSING:
                    raise TypeError(f"{cls.__name__}() missing required argument: '{fields[at]}'")
            return tuple(values)

        @classmethod
        def _make(cls, iterable: Any) -> Any:
            values = tuple(iterable)
            if len(values) != len(cls._fields):
                raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(values)}")
            return tuple.__new__(cls, values)

        def _replace(self, **changes: Any) -> Any:
            values = [
                changes.pop(name, value) for name, value in zip(self._fields, self, strict=True)
            ]
            if changes:  # as collections.namedtuple says it (a TypeError from Python 3.13)
                raise _REPLACE_ERROR(f"Got unexpected field names: {list(changes)!r}")
            return tuple.__new__(type(self), values)

        def _asdict(self) -> dict[str, Any]:
            return dict(zip(self._fields, self, strict=True))

        def __getnewargs__(self) -> tuple[Any, ...]:
            return tuple(self)

        def __repr__(self) -> str:
            inner = ", ".join(f"{n}={v!r}" for n, v in zip(self._fields, self, strict=True))
            return f"{type(self).__name__}({inner})"
