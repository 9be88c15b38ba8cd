"""Appraise in Chinese: every message the code marks with _() has its translation in the
catalogue, with the same placeholders; the compiled catalogue is the .po's; the language
is chosen as the README says."""

from __future__ import annotations

import configparser
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from appraise import i18n

ENGINE = Path(__file__).resolve().parent.parent / "engine"
PO = ENGINE / "locale" / "zh" / "LC_MESSAGES" / "appraise.po"
BABEL_CFG = ENGINE / "locale" / "babel.cfg"
MO = PO.with_suffix(".mo")


Key = tuple[str | None, str]  # (context, message)


def marked() -> dict[Key, str]:
    """Every message in _() or pgettext() in the engine, and every help text of the command
    line, with where it is: what pybabel extracts, as CONTRIBUTING.md runs it
    (engine/locale/babel.cfg)."""
    config = configparser.RawConfigParser()
    config.read(BABEL_CFG, encoding="utf-8")
    method_map = [(pattern.strip(), method.strip())  # [method: pattern], as Babel reads it
                  for method, pattern in (section.split(":", 1) for section in config.sections())]
    found: dict[Key, str] = {}
    for filename, line, message, _comments, context in extract_from_dir(
            str(ENGINE), method_map=method_map,
            keywords={"_": None, "pgettext": ((1, "c"), 2)}):
        assert isinstance(message, str), f"{filename}:{line}: _() takes one literal string"
        found.setdefault((context, message), f"{filename}:{line}")
    return found


def catalogue() -> dict[Key, str]:
    with PO.open("rb") as handle:
        po = read_po(handle)
    return {(m.context, m.id): m.string for m in po if m.id and not m.fuzzy}


def fields(text: str) -> set[str]:
    """The placeholders of a message; a help text, which is not filled in, has none (its
    braces are words: "starts with [ or {")."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return set()


def test_every_message_in_the_code_has_its_chinese() -> None:
    chinese = catalogue()
    lacking = [f"{where}: {message!r}" for message, where in marked().items()
               if not chinese.get(message)]
    assert lacking == [], "messages without a translation in appraise.po:\n" + "\n".join(lacking)


def test_a_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = [f"{message!r} -> {text!r}" for (_context, message), text in catalogue().items()
             if fields(message) != fields(text)]
    assert wrong == []


def test_the_catalogue_holds_no_message_the_code_no_longer_has() -> None:
    assert sorted(set(catalogue()) - set(marked())) == []


def test_the_compiled_catalogue_is_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = {k: v for k, v in compiled._catalog.items() if k}  # type: ignore[attr-defined]
    expected = {message if context is None else f"{context}\x04{message}": text
                for (context, message), text in catalogue().items()}
    assert entries == expected, "run pybabel compile (CONTRIBUTING.md, 'Translations')"


def test_a_word_in_a_context_reads_as_that_context_says() -> None:
    i18n.set_language("zh")
    try:
        assert (i18n._("Indicator"), i18n.pgettext("handbook", "Indicator")) == ("指标", "考核指标")
        assert i18n.pgettext("no such context", "Indicator") == "Indicator"
    finally:
        i18n.set_language("en")
    assert i18n.pgettext("handbook", "Indicator") == "Indicator"


def test_a_translated_message_reads_in_chinese() -> None:
    assert i18n.translated("... and {count} more problems not shown", "zh") == \
        "……另有 {count} 个问题未列出"
    assert i18n.translated("... and {count} more problems not shown", "en") == \
        "... and {count} more problems not shown"


@pytest.mark.parametrize(("option", "environ", "scheme", "chosen"), [
    (None, {}, None, "en"),
    ("zh", {"APPRAISE_LANG": "en"}, "en", "zh"),
    (None, {"APPRAISE_LANG": "zh_CN"}, "en", "zh"),
    (None, {"APPRAISE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "zh", "en"),
    (None, {"LANG": "en_US.UTF-8"}, "zh", "zh"),
    (None, {"LANG": "zh_CN.UTF-8"}, None, "zh"),
    (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, None, "en"),
    (None, {"LC_MESSAGES": "zh_TW.UTF-8"}, None, "zh"),
    (None, {"APPRAISE_LANG": "fr", "LANG": "zh_CN.GB18030"}, None, "zh"),
    (None, {"LANG": "de_DE.UTF-8"}, None, "en"),
])
def test_the_language_is_the_option_then_the_environment_then_the_scheme_then_the_locale(
        option: str | None, environ: dict[str, str], scheme: str | None, chosen: str) -> None:
    assert i18n.choose(option, scheme, environ) == chosen


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown language 'fr'")):
        i18n.set_language("fr")
