"""A quick test that a value certainly fits a part of the JSON Schema.

A scheme of a large company is mostly people (and posts, and units): tens of thousands of
small entries, nearly all of them plainly right. Walking each through the JSON Schema
validator costs far more than the entry is worth, so :func:`fits` turns a schema into a
plain Python test that answers True only for a value the validator would accept without
a word, keyword by keyword as the validator reads it (the same types, the same
``re.search``, the same comparisons). Anything it is not sure of (a keyword it does not
know, a value it would have to reason about) answers False, and the caller hands that
value to the validator, which says what is wrong exactly as it always has. A wrong True
would lose a message; a needless False costs only time.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that say nothing about validity (without a format checker, ``format`` too is
#: only a note, but it is left to the validator all the same).
_NOTES = frozenset({"description", "title", "examples", "default", "$comment", "deprecated",
                    "readOnly", "writeOnly"})
_OBJECT = frozenset({"properties", "required", "additionalProperties", "propertyNames",
                     "minProperties", "maxProperties"})
_ARRAY = frozenset({"items", "minItems", "maxItems"})
_STRING = frozenset({"pattern", "minLength", "maxLength"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_KNOWN = _NOTES | _OBJECT | _ARRAY | _STRING | _NUMBER | {"type", "enum", "const"}


def _never(value: Any) -> bool:
    return False


def _always(value: Any) -> bool:
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


#: The JSON types as draft 2020-12's type checker tells them apart (a bool is no number).
TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def fits(schema: Any) -> Check:
    """A test that is True only for a value ``schema`` accepts with no error at all.

    ``schema`` has its ``$ref``s already replaced by what they point at. False means
    "not known to fit": the value may be right all the same.
    """
    if schema is True:
        return _always
    if not isinstance(schema, dict) or not set(schema) <= _KNOWN:
        return _never
    kind = schema.get("type")
    tests = [_choice(schema)]
    for family, make in _FAMILIES.items():
        # Of one type only: the type's own test says so, and any other is no fit.
        tests.append(make(schema, kind == family))
    if kind is not None and not (isinstance(kind, str) and kind in _FAMILIES):
        tests.append(_type(kind))
    return _every([t for t in tests if t is not _always])


def _every(tests: list[Check]) -> Check:
    if _never in tests:
        return _never
    if not tests:
        return _always
    first, *rest = tests
    if not rest:
        return first
    others = _every(rest)
    return lambda value: first(value) and others(value)


def _type(kind: Any) -> Check:
    names = kind if isinstance(kind, list) else [kind]
    if not names or not all(isinstance(n, str) and n in TYPES for n in names):
        return _never
    if len(names) == 1:
        return TYPES[names[0]]
    checks = [TYPES[n] for n in names]
    return lambda value: any(check(value) for check in checks)


def _choice(schema: dict[str, Any]) -> Check:
    """``enum`` and ``const`` of texts: a text equal to one of them (the validator's
    equality is plain ``==`` when either side is text; anything else is left to it)."""
    options: list[Any] = []
    if "enum" in schema:
        if not isinstance(schema["enum"], list):
            return _never
        options = schema["enum"]
    if "const" in schema:
        if "enum" in schema:
            return _never
        options = [schema["const"]]
    if "enum" not in schema and "const" not in schema:
        return _always
    if not all(isinstance(o, str) for o in options):
        return _never
    allowed = frozenset(options)
    return lambda value: isinstance(value, str) and value in allowed


def _object(schema: dict[str, Any], only: bool) -> Check:
    """The keywords of a mapping; ``only``: and the value must be one."""
    if not only and not _OBJECT & set(schema):
        return _always
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(properties, dict) or not isinstance(required, list) \
            or not all(isinstance(k, str) for k in required) or "minProperties" in schema \
            or "maxProperties" in schema:
        return _never
    own = {key: fits(sub) for key, sub in properties.items()}
    others: Check | None = None if extra is False else fits(extra)
    names: Check | None = fits(schema.get("propertyNames", True))
    if names is _always:
        names = None
        if others is _always and not required and all(t is _always for t in own.values()):
            return TYPES["object"] if only else _always

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return not only  # these keywords say nothing about other values
        for key, item in value.items():
            test = own.get(key, others)
            if test is None or not test(item) or (names is not None and not names(key)):
                return False
        return not required or all(key in value for key in required)

    return check


def _array(schema: dict[str, Any], only: bool) -> Check:
    if not only and not _ARRAY & set(schema):
        return _always
    items = schema.get("items", True)
    least, most = schema.get("minItems", 0), schema.get("maxItems")
    if not isinstance(items, dict | bool) or not isinstance(least, int) \
            or not (most is None or isinstance(most, int)):
        return _never  # not a form the language writes: the validator judges it
    each = fits(items)

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return not only
        if len(value) < least or (most is not None and len(value) > most):
            return False
        return all(each(item) for item in value)

    return check


def _string(schema: dict[str, Any], only: bool) -> Check:
    if not only and not _STRING & set(schema):
        return _always
    pattern = schema.get("pattern")
    if pattern is not None and not isinstance(pattern, str):
        return _never
    search = re.compile(pattern).search if pattern is not None else None
    least, most = schema.get("minLength", 0), schema.get("maxLength")
    if not isinstance(least, int) or not (most is None or isinstance(most, int)):
        return _never

    def check(value: Any) -> bool:
        if not isinstance(value, str):
            return not only
        if len(value) < least or (most is not None and len(value) > most):
            return False
        return search is None or search(value) is not None

    return check


def _number(schema: dict[str, Any], only: bool) -> Check:
    bounds = [(k, schema[k]) for k in ("minimum", "maximum", "exclusiveMinimum",
                                       "exclusiveMaximum") if k in schema]
    if not bounds:
        return TYPES["number"] if only else _always
    if not all(_is_number(b) for _, b in bounds):
        return _never
    low = schema.get("minimum")
    high = schema.get("maximum")
    above = schema.get("exclusiveMinimum")
    below = schema.get("exclusiveMaximum")

    def check(value: Any) -> bool:
        if not _is_number(value):
            return not only
        # The validator's own comparisons: an error when value < minimum, and so on.
        return not ((low is not None and value < low) or (high is not None and value > high)
                    or (above is not None and value <= above)
                    or (below is not None and value >= below))

    return check


_FAMILIES: dict[str, Callable[[dict[str, Any], bool], Check]] = {
    "object": _object, "array": _array, "string": _string, "number": _number,
}
