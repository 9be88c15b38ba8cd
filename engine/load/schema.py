"""Checking a loaded scheme against the JSON Schema, in words HR can act on."""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..diagnostics import Diagnostic, Path, did_you_mean, excerpt, typed_name
from ..i18n import _, language
from .document import Document
from .fits import Check, fits
from .hints import number_hint

SCHEMA_NAME = "scheme.schema.json"
TESTS_SCHEMA_NAME = "tests.schema.json"  # of a scheme's test file (appraise test)
# The repository's schemas/ folder, installed inside the package (see pyproject.toml): found
# by the one import system from a wheel, an editable install or a checkout run through it.
_SCHEMAS = __name__.split(".")[0] + ".schemas"



def _type_words() -> dict[str, str]:
    return {"number": _("a number"), "integer": _("a whole number"), "string": _("text"),
            "object": _("a mapping of keys to values"), "array": _("a list"),
            "boolean": _("true or false"), "null": _("nothing")}


def scheme_schema() -> dict[str, Any]:
    """The scheme language's JSON Schema, as shipped inside the package."""
    return shipped_schema(SCHEMA_NAME)


@cache
def shipped_schema(name: str) -> dict[str, Any]:
    """One of the JSON Schemas shipped inside the package: the scheme's, or a test file's."""
    text = resources.files(_SCHEMAS).joinpath(name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _inlined(name: str = SCHEMA_NAME) -> dict[str, Any]:
    schema: dict[str, Any] = _inline(shipped_schema(name), shipped_schema(name).get("$defs", {}))
    return schema


@cache
def _validator(name: str = SCHEMA_NAME) -> Draft202012Validator:
    return Draft202012Validator(_inlined(name))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by what it points at.

    The same schema, checked the same way, without a reference lookup per entry: a
    scheme with 100,000 people would otherwise spend most of its validation resolving
    ``#/$defs/person``. The language has no recursive definitions, so this ends.
    """
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline(value, defs) for key, value in node.items()
           if key not in ("$ref", "$defs")}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {**target, **{k: v for k, v in out.items() if k not in target
                             or k in ("description", "examples")}}
    return out


# What the top of the schema and a section of named entries may say for the validator to
# be shown only some of the entries: nothing that looks at more than one entry at a time.
_TOP = frozenset({"$schema", "$id", "$defs", "title", "description", "type", "required",
                  "properties", "additionalProperties", "propertyNames"})
_ENTRIES = frozenset({"type", "description", "title", "examples", "$comment",
                      "propertyNames", "additionalProperties"})


@cache
def _sections() -> dict[str, tuple[Check, Check]]:
    """For each section that is a mapping of named entries, checked entry by entry and
    nothing more: a test of an entry's name and of its value that each fit for certain."""
    out: dict[str, tuple[Check, Check]] = {}
    if not set(_inlined()) <= _TOP:
        return out
    for name, schema in _inlined().get("properties", {}).items():
        if isinstance(schema, dict) and schema.get("type") == "object" \
                and set(schema) <= _ENTRIES and "additionalProperties" in schema:
            out[name] = (fits(schema.get("propertyNames", True)),
                         fits(schema["additionalProperties"]))
    return out


def check_schema(doc: Document, *, every_entry: bool = False, schema: str = SCHEMA_NAME
                 ) -> tuple[list[Diagnostic], set[Path]]:
    """Every way ``doc`` breaks the schema (the scheme's, or another shipped one named by
    ``schema``), one diagnostic each, and the paths that break.

    Entries of a section of named entries (people, posts, units, ...) that certainly fit
    are not walked through the validator: it sees the rest of the document as written,
    with only the doubtful entries in those sections, and says of each exactly what it
    would have said in the whole file. ``every_entry`` walks every entry through it.
    """
    out: list[Diagnostic] = []
    paths: set[Path] = set()
    data = doc.data if every_entry or schema != SCHEMA_NAME else _doubtful(doc.data)
    for error in _validator(schema).iter_errors(data):
        out.extend(_explain(doc, error))
        paths.add(tuple(error.absolute_path))
    return out, paths


def _doubtful(data: Any) -> Any:
    """``data`` with each section of named entries cut to the entries not sure to fit."""
    if not isinstance(data, dict):
        return data
    out = data
    for name, (name_fits, entry_fits) in _sections().items():
        section = data.get(name)
        if not isinstance(section, dict):
            continue
        kept = {k: v for k, v in section.items() if not (name_fits(k) and entry_fits(v))}
        if len(kept) < len(section):
            if out is data:
                out = dict(data)
            out[name] = kept
    return out


def describe(value: Any) -> str:
    """A found value as a person would name it in a message."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        return _("the text '{text}'").format(text=excerpt(value))
    if isinstance(value, list):
        return _("a list")
    return _("a mapping")


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    if len(sentence) <= 160:
        return sentence
    return sentence[:160].rsplit(" ", 1)[0] + " ..."  # never a word cut in two


def described(text: str) -> str:
    """The first sentence of a schema's description in the run's language. A description
    is English, or Chinese then English (``中文。 English``), as an editor shows it to
    people of either language; tests/test_schema_words.py holds that every description a
    message quotes has its Chinese."""
    chinese, english = _halves(text)
    if chinese and language() == "zh":
        sentence = chinese.split("。")[0]
        return sentence if len(sentence) <= 80 else sentence[:80] + "……"
    return _first_sentence(english)


def _halves(text: str) -> tuple[str, str]:
    """(the Chinese, the English) of a description; no Chinese when it is English only."""
    at = 0
    while (at := text.find("。", at) + 1) > 0:
        rest = text[at:]
        if rest[:1].isspace() and rest.lstrip()[:1].isascii():
            head = text[:at]
            if ". " not in head and any("\u3400" <= c <= "\u9fff" for c in head):
                return head, rest.lstrip()
            break
    return "", text


def _explain(doc: Document, error: ValidationError) -> list[Diagnostic]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    expected: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        extras = [k for k in instance if k not in allowed]
        return [doc.diagnostic((*path, key), _("unknown key '{key}'").format(key=excerpt(key)),
                               _unknown_key_hint(key, allowed), at_key=True) for key in extras]
    if kind == "required" and isinstance(instance, dict):
        out = []
        for name in expected:
            if name in instance:
                continue
            about = described(schema.get("properties", {}).get(name, {}).get("description", ""))
            hint = _("add '{key}:': {about}").format(
                key=name, about=about[:1].lower() + about[1:]) if about else \
                _("add '{key}:'").format(key=name)
            out.append(doc.diagnostic(path, _("missing required key '{key}'").format(key=name),
                                      hint, at_key=True))
        return out
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        kinds = _type_words()
        words = _(" or ").join(kinds.get(n, n) for n in names)
        hint = ""
        if isinstance(instance, str) and ("number" in names or "integer" in names):
            if hint := number_hint(instance):
                pass
            elif _looks_numeric(instance):
                hint = _("remove the quotes and any thousands separators")
            elif instance.lower() in {".inf", ".nan", "-.inf"}:
                hint = _("infinity and not-a-number are not allowed")
        elif isinstance(instance, str) and ("array" in names or "object" in names):
            hint = _brackets_hint(instance, "[]" if "array" in names else "{}")
        return [doc.diagnostic(path, _("expected {kinds}, found {found}").format(
            kinds=words, found=describe(instance)), hint)]
    if kind == "enum":
        options = [str(v) for v in expected]
        return [doc.diagnostic(path, _("{found} is not allowed here").format(
            found=describe(instance)), did_you_mean(str(instance), options))]
    if kind == "const":
        return [doc.diagnostic(path, _("expected {expected}, found {found}").format(
            expected=expected, found=describe(instance)))]
    if kind in {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"}:
        bound = {"minimum": _("must be at least {bound}, found {found}"),
                 "exclusiveMinimum": _("must be more than {bound}, found {found}"),
                 "maximum": _("must be at most {bound}, found {found}"),
                 "exclusiveMaximum": _("must be less than {bound}, found {found}")}[kind]
        return [doc.diagnostic(path, bound.format(bound=expected, found=instance))]
    if kind in {"minItems", "minProperties"}:
        return [doc.diagnostic(path, _("needs at least 1 entry") if expected == 1 else
                               _("needs at least {count} entries").format(count=expected))]
    if kind in {"maxLength", "minLength"}:
        length = _("must be at most {count} characters long, found {found}") \
            if kind == "maxLength" else \
            _("must be at least {count} characters long, found {found}")
        return [doc.diagnostic(path, length.format(count=expected,
                                                   found=len(str(instance))))]
    if kind == "pattern" and isinstance(instance, str):
        if len(path) == 3 and path[0] == "records" and path[2] == "file":
            return [doc.diagnostic(path, _("'{file}' is not a kind of file records are read "
                                           "from").format(file=instance), _(
                "name a CSV (.csv), Parquet (.parquet) or Excel workbook (.xlsx) file; save "
                "an old .xls or an .ods as .xlsx in Excel first"))]
        if isinstance(_at(doc.data, path), dict):  # the bad text is a key of this mapping
            return [_bad_name(doc, (*path, instance), instance, schema, at_key=True)]
        return [_bad_name(doc, path, instance, schema)]
    if kind == "not" and isinstance(instance, dict):
        return [_only_one(doc, path, expected.get("required", []))]
    if kind == "not" and isinstance(expected, dict) \
            and set(expected) - {"description"} == {"required"}:
        return []  # not a mapping at all: its type error says so
    if kind == "oneOf":
        return _one_of(doc, error, path, schema, instance)
    return [doc.diagnostic(path, error.message)]


def _one_of(doc: Document, error: ValidationError, path: Path, schema: dict[str, Any],
            instance: Any) -> list[Diagnostic]:
    """A value that fits none of several forms: explain the form it was meant to be."""
    forms = schema.get("oneOf", [])
    named = [k for form in forms if isinstance(form, dict) for k in form.get("required", [])
             if isinstance(instance, dict) and k in instance]
    if len(named) > 1:
        return [_only_one(doc, path, named)]
    for i, form in enumerate(forms):
        keys = form.get("required", []) if isinstance(form, dict) else []
        if isinstance(instance, dict) and keys and all(k in instance for k in keys):
            within = [e for e in error.context or () if e.relative_schema_path
                      and e.relative_schema_path[0] == i]
            if within:
                return [d for e in within for d in _explain(doc, e)]
    about = described(schema.get("description", ""))
    hint = _("expected {form}").format(form=f"{about[:1].lower()}{about[1:]}") if about else ""
    return [doc.diagnostic(path, _("{found} is not allowed here").format(
        found=describe(instance)), hint)]


def _only_one(doc: Document, path: Path, keys: list[str]) -> Diagnostic:
    return doc.diagnostic(path, _("give only one of {keys}").format(
        keys=_(" or ").join(f"'{k}'" for k in keys)), _("remove the one that does not apply"))


def _bad_name(doc: Document, path: Path, name: str, schema: dict[str, Any],
              *, at_key: bool = False) -> Diagnostic:
    about = schema.get("description", "")
    hint = _("use letters, digits, underscores or Chinese characters, not starting with a "
             "digit")
    if "person" in about.lower():
        hint = _("a person id must not start with a space")
    return doc.diagnostic(path, _("'{name}' is not a valid name").format(name=excerpt(name)),
                          hint, at_key=at_key)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _unknown_key_hint(key: str, allowed: list[str]) -> str:
    if key.startswith("\u3000"):
        return _("the key starts with full-width spaces (U+3000): indent with ordinary spaces "
                 "typed in English input mode")
    if "\u3000" not in key:
        return did_you_mean(key, allowed)
    plain = key.replace("\u3000", " ").strip()
    meant = did_you_mean(plain, allowed) if difflib.get_close_matches(
        plain, sorted(set(allowed)), n=1, cutoff=0.6) else \
        _("type spaces in English input mode")
    return (_("the key ends with a full-width space (U+3000): {what}") if key.endswith("\u3000")
            else _("the key holds a full-width space (U+3000): {what}")).format(what=meant)


def _brackets_hint(text: str, brackets: str) -> str:
    """A list or mapping written in full-width brackets, which YAML reads as text."""
    wide = next((c for c in text if c in "（［｛"), None)
    if wide is None:
        return ""
    return _("{character}: use '{opening}' and '{closing}' typed in English input mode").format(
        character=typed_name(wide), opening=brackets[0], closing=brackets[1])


def _looks_numeric(text: str) -> bool:
    cleaned = text.replace(",", "").replace("_", "").strip()
    try:
        Decimal(cleaned)
    except ArithmeticError:
        return False
    return bool(cleaned)
