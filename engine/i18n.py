"""Appraise in its reader's language: English or Chinese (中文).

Every word a person reads is written in the code in English, inside :func:`_`
(``_("{file}: not a scheme").format(file=name)``: the placeholders are named, so a
translation may put them in its own order), or inside :func:`pgettext` with a context
where one short English word needs two Chinese ones. The Chinese is kept in a gettext catalogue,
``locale/zh/LC_MESSAGES/appraise.po`` beside this module, compiled to ``appraise.mo``
with Babel (see CONTRIBUTING.md); tests/test_translations.py checks that every message
in the code has its translation, with the same placeholders, and that the compiled
catalogue is the one the ``.po`` gives.

A run speaks one language, chosen once (:func:`choose`): ``--lang``, then the
``APPRAISE_LANG`` environment variable, then the scheme's ``language:``, then the
system's locale; English when none of them names Chinese.
"""

from __future__ import annotations

import gettext
import locale
import os
import sys
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("en", "zh")
ENVIRONMENT = "APPRAISE_LANG"
DOMAIN = "appraise"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_chosen = "en"
_catalogues: dict[str, gettext.NullTranslations] = {}


def _(message: str) -> str:
    """``message`` in the run's language (as written when the catalogue lacks it)."""
    if _chosen == "en":
        return message
    return _catalogue(_chosen).gettext(message)


def pgettext(context: str, message: str) -> str:
    """``message`` as it reads in ``context``, in the run's language.

    A short word may need two translations: a handbook's "Indicator" is 考核指标 where a
    results table's is 指标. The catalogue keeps each under its context (``msgctxt``); a
    message without one is the same as ``_(message)``.
    """
    if _chosen == "en":
        return message
    return _catalogue(_chosen).pgettext(context, message)


def translated(message: str, language: str) -> str:
    """``message`` in ``language``, whatever the run's language."""
    return message if language == "en" else _catalogue(language).gettext(message)


def language() -> str:
    """The run's language: ``en`` or ``zh``."""
    return _chosen


def set_language(chosen: str) -> None:
    """Speak ``chosen`` (``en`` or ``zh``) from now on."""
    global _chosen
    if chosen not in LANGUAGES:
        raise ValueError(f"unknown language {chosen!r}; expected one of {LANGUAGES}")
    _chosen = chosen


def named(text: str | None) -> str | None:
    """The language a setting names: ``zh``, ``zh_CN.UTF-8``, ``zh-Hans``, ``Chinese
    (Simplified)_China.936`` are Chinese; ``en``, ``en_US``, ``C``, ``POSIX`` English;
    anything else (or nothing) names none."""
    if not text:
        return None
    lowered = text.strip().lower()
    if lowered.startswith(("zh", "chinese")):
        return "zh"
    if lowered.startswith(("en", "english")) or lowered.split(".")[0] in ("c", "posix"):
        return "en"
    return None


def from_locale(environ: Mapping[str, str] = os.environ) -> str | None:
    """The language of the system's locale: the first of ``LC_ALL``, ``LC_MESSAGES`` and
    ``LANG`` that is set (as gettext reads them), or on Windows the user's locale."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(variable):
            return named(environ[variable])
    if sys.platform == "win32":  # pragma: no cover - Windows keeps it out of the environment
        return named(locale.getlocale()[0])
    return None


def choose(option: str | None = None, scheme: str | None = None,
           environ: Mapping[str, str] = os.environ) -> str:
    """The language of a run: ``option`` (``--lang``), else ``APPRAISE_LANG``, else
    ``scheme`` (its ``language:``), else the locale's; English when none names one."""
    for candidate in (option, named(environ.get(ENVIRONMENT)), scheme, from_locale(environ)):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def _catalogue(chosen: str) -> gettext.NullTranslations:
    if chosen not in _catalogues:
        _catalogues[chosen] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen],
                                                  fallback=True)
    return _catalogues[chosen]
