"""URL rules compiled once per test process.

Every app the tests make registers the same URL rules, and Werkzeug compiles each rule into
two URL-building functions with `ast` and `compile`: most of the CPU time of `create_app`,
which every test calls. A builder depends only on the rule's parts, its defaults and whether
it appends unknown arguments, so the tests compile each once and every later app reuses the
same code (the application itself makes one app per process and does not need this). The
functions are the ones Werkzeug would build: the cache key is everything they are made from.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from werkzeug.routing.rules import Rule

Builder = Callable[..., tuple[str, str]]

_built: dict[tuple[Any, ...], Builder] = {}
_compile_builder: Callable[[Rule, bool], Builder] = Rule._compile_builder


def _key(rule: Rule, append_unknown: bool) -> tuple[Any, ...]:
    """What Werkzeug's `Rule._compile_builder` reads: the rule's trace with the defaults put
    in (each through its converter, as Werkzeug does), and the defaults' names."""
    defaults = rule.defaults or {}
    ops = []
    for is_dynamic, data in rule._trace:
        if is_dynamic and data in defaults:
            ops.append((False, rule._converters[data].to_url(defaults[data])))
        elif not is_dynamic:
            ops.append((False, quote(data, safe="!$&'()*+,/:;=@")))
        else:
            ops.append((True, data))
    return (rule.rule, append_unknown, tuple(ops), tuple(str(name) for name in defaults))


def _cached_builder(self: Rule, append_unknown: bool = True) -> Builder:
    key = _key(self, append_unknown)
    found = _built.get(key)
    if found is None:
        found = _built[key] = _compile_builder(self, append_unknown)
    return found


def install() -> None:
    """Use the cache in every app made from now on in this process."""
    Rule._compile_builder = _cached_builder  # type: ignore[method-assign]
