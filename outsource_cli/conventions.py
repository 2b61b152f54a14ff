"""Command-line conventions that typer does not keep by itself.

- Placeholders are metavars (``FILE``, ``DIR``, ``FILE...``), never Python types: typer's
  help shows ``<path>``, ``<list[Path]>``, ``<bool>`` for a flag and ``{path}`` in the usage
  line. A flag shows no placeholder; an option with none of its own shows its name in
  capitals.
- Usage errors are plain words: typer checks values with pydantic, whose wording leaked into
  the message ("Value error, 'pdf' is not one of 'text', 'json', …").

The command classes here are typer's own, with those two things changed; ``cli`` makes every
command and the group use them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # its name, a metavar such as FILE, says what it takes

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        return self.metavar or (self.name or "").upper()


def _conventional(params: list[Any]) -> list[Any]:
    """``params`` shown with metavars (each is typer's parameter, given the subclass that
    only changes how it is shown)."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
        elif type(param) is TyperOption:
            param.__class__ = _Option
    return params


_CHOICES = re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>'.*')\.?$", re.S)


def plain(message: str) -> str:
    """A usage error's message without pydantic's wording."""
    message = re.sub(r"^(Value error|Assertion failed), ", "", message)
    found = _CHOICES.match(message)
    if found:
        choices = re.findall(r"'([^']*)'", found["choices"])
        listed = ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]
        return f"'{found['value']}' is not one of the choices: {listed}."
    return re.sub(r"^Input should be ", "expected ", message)


@contextlib.contextmanager
def _plain_errors() -> Iterator[None]:
    try:
        yield
    except typer.BadParameter as exc:
        exc.message = plain(exc.message)
        raise


class ConventionalCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _conventional(super().get_params(ctx))

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _plain_errors():
            return super().make_context(*args, **kwargs)


class ConventionalGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _conventional(super().get_params(ctx))

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _plain_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _plain_errors():
            return super().invoke(ctx)
