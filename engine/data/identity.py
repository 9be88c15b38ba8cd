"""Who a row is for, and on which post: the scheme's person (on the post they hold that
month) or one known only from the data (on the post the row names).

The rules that keep a wrong id out of payroll, the same for a plain period and for each
month of a scheme kept by month:

- an id that differs from a scheme person's only in case, width, leading zeros or
  invisible characters is that person mistyped: an error, not a new person;
- an id not in the scheme that is close to a scheme person who has no row (in that
  month) is an error with a did-you-mean: most likely the same person, mistyped. Close
  means the same numbers in it and nearly the same letters (``SRO1``, ``SR-01`` for
  ``SR01``): ids numbered in sequence (``SR06`` beside ``SR01``) are different people;
- any other id not in the scheme is a person known only from the data, scored on the
  post their row names, with a warning (:meth:`Identities.newcomer_warnings`);
- a scheme person with no row is an error of a plain period (:meth:`Identities.absent`);
  a scheme kept by month says the months each person is expected, and the scoring of
  the period holds them to it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import islice

from ..diagnostics import Diagnostic, did_you_mean, excerpt
from ..i18n import _
from ..model import Person, Post, Scheme
from ..year.periods import month_id
from .cells import Fail
from .header import Header
from .records import Record

NEAR = 0.6  # how alike two ids must be to be taken for one person mistyped
NEAR_PAIRS = 200_000  # past this many (stranger, absentee) pairs, only twins are looked for
MAX_ID = 64  # characters of an id; a longer one is a cell pasted into the wrong column
NAMED = 10  # people known only from the data named one by one; the rest are counted


class Identities:
    def __init__(self, scheme: Scheme, header: Header, fail: Fail) -> None:
        self.scheme, self.header, self.fail = scheme, header, fail
        self.twins = {_normalised(p): p for p in scheme.people}
        # scheme people without a row: the numbers in the id -> normalised id -> id
        self.absentees: dict[tuple[str, ...], dict[str, str]] = {}
        self.missing: list[str] = []  # scheme people expected in the rows without one
        self.newcomers: dict[str, tuple[int, int, str]] = {}  # id -> line, column, post
        self.unnamed = 0  # people known only from the data past the first NAMED, if not kept

    @property
    def year(self) -> int:
        return self.scheme.calendar.year if self.scheme.calendar else 0

    def expect(self, found: Iterable[Record], month: int = 0) -> None:
        """Before reading ``found`` (a plain period's rows, or one month's): who of the
        scheme's people, expected then, has no row in them."""
        column = self.header.id or ""
        self.expect_ids({record.cells.get(column, "").strip() for record in found}, month)

    def expect_ids(self, present: set[str], month: int = 0) -> None:
        """:meth:`expect`, given the ids (stripped) of the rows."""
        people = self.scheme.people.values()
        self.missing = [p.id for p in people if p.id not in present
                        and (not month or p.post_in(month) is not None)]
        strangers = len(present.difference(self.scheme.people))
        near = len(self.missing) * strangers <= NEAR_PAIRS
        self.absentees = {}
        for person in self.missing if near else ():
            typed = _normalised(person)
            self.absentees.setdefault(_numbers(typed), {})[typed] = person

    def post_of(self, record: Record, person_id: str, person: Person | None,
                month: int) -> Post | None:
        """The post of the person a row is for, in ``month`` (0: a plain period)."""
        posts = self.scheme.posts
        written = record.cells.get(self.header.post, "").strip() if self.header.post else ""
        column = record.columns.get(self.header.post or "", 0)
        at = record.columns.get(self.header.id or "", 0)
        if person is not None:
            held = person.post_in(month) if month else person.post
            when = month_id(self.year, month) if month else ""
            if held is None:
                self.fail(record.line, at, person_id,
                          _("person '{person_id}' has a row for {month}, but holds no post then "
                            "in the scheme").format(person_id=person_id, month=when),
                          _("check the months under people.{person_id}.posts").format(
                              person_id=person_id))
                return None
            if written and written != held:
                self.fail(record.line, column, f"{person_id}.post", (
                    _("person '{person_id}' is on post '{held}' in {month} in the scheme but "
                      "'{written}' in the data") if month else
                    _("person '{person_id}' is on post '{held}' in the scheme but '{written}' in "
                      "the data")).format(person_id=person_id, held=held, month=when,
                                          written=written), _("correct one of them"))
                return None
            return posts[held]
        if not self.known(record, person_id, month):
            return None
        if not written:
            self.fail(record.line, at, person_id,
                      _("unknown person '{person_id}': not in the scheme's people, and no post "
                        "is given for them").format(person_id=person_id),
                      _("add them under people: in the scheme, or fill in a 'post' column"))
            return None
        if written not in posts:
            self.fail(record.line, column, f"{person_id}.post",
                      _("unknown post '{written}'").format(written=written),
                      did_you_mean(written, posts))
            return None
        self.newcomers.setdefault(person_id, (record.line, at, written))
        return posts[written]

    def known(self, record: Record, person_id: str, month: int) -> bool:
        """Whether an id not in the scheme may be a new person, not one of theirs mistyped."""
        at = record.columns.get(self.header.id or "", 0)
        typed = _normalised(person_id)
        twin = self.twins.get(typed)
        if twin is not None:
            self.fail(record.line, at, person_id,
                      _("person '{person_id}' is not in the scheme, but '{twin}' is").format(
                          person_id=person_id, twin=twin),
                      _("write the id exactly as '{twin}' (check case, leading zeros and "
                        "invisible characters)").format(twin=twin))
            return False
        hidden = None if person_id.isprintable() else next(  # the usual case: C speed
            (c for c in person_id if unicodedata.category(c) in ("Cc", "Cf")), None)
        if hidden is not None or len(person_id) > MAX_ID:
            what = _("the id '{person_id}' holds the invisible character {code}, so it cannot be "
                     "a person's id") if hidden is not None else \
                _("the id '{person_id}' is {count:,} characters long, so it cannot be a "
                  "person's id")
            self.fail(record.line, at, excerpt(person_id), what.format(
                person_id=excerpt(person_id), count=len(person_id),
                code=f"U+{ord(hidden):04X}" if hidden is not None else ""),
                _("type the id again as the scheme writes it (at most {most} "
                  "characters)").format(most=MAX_ID))
            return False
        alike = self.absentees.get(_numbers(typed), {}) if self.absentees else {}
        close = difflib.get_close_matches(typed, list(alike), n=1, cutoff=NEAR) if alike else ()
        if close:
            meant = alike[close[0]]
            self.fail(record.line, at, person_id, (
                _("person '{person_id}' is not in the scheme, and '{meant}', who is, has no "
                  "row for {month}") if month else
                _("person '{person_id}' is not in the scheme, and '{meant}', who is, has no "
                  "row in the data")).format(person_id=person_id, meant=meant,
                                             month=month_id(self.year, month) if month else ""),
                _("if they are the same person, write the id as '{meant}'; if not, add "
                  "'{person_id}' under people: in the scheme").format(meant=meant,
                                                                      person_id=person_id))
            return False
        return True

    def doubtful(self, strangers: Sequence[str]) -> list[int]:
        """Which of ``strangers`` (ids not in the scheme, none blank) :meth:`known` may find
        to be a scheme person mistyped or no id at all: those it must look at one by one."""
        if "".join(strangers).isprintable() and max(map(len, strangers), default=0) <= MAX_ID \
                and not self.absentees and not self.twins:
            return []  # the usual case, settled at C speed
        twins, absentees = self.twins, self.absentees
        every = _all_normalised(strangers)
        out = []
        for k, (person_id, typed) in enumerate(zip(strangers, every, strict=True)):
            if typed in twins or not person_id.isprintable() or len(person_id) > MAX_ID \
                    or (absentees and _numbers(typed) in absentees):
                out.append(k)
        return out

    def absent(self, file: str, period: str | None) -> list[Diagnostic]:
        """The errors of a plain period's scheme people with no row."""
        message = _("person '{person}' is in the scheme but has no row in the data for "
                    "{period}") if period else \
            _("person '{person}' is in the scheme but has no row in the data")
        hint = _("add their row; or, if they are not appraised this period, take them out of "
                 "people: in the scheme")
        return [Diagnostic(file, 0, 0, "error", person, message.format(
            person=person, period=period), hint) for person in self.missing]

    def newcomer_warnings(self, file: str, is_json: bool) -> list[Diagnostic]:
        """Each person known only from the data (the first few by name, and a count)."""
        out = []
        for person, (line, column, post) in islice(self.newcomers.items(), NAMED):
            out.append(Diagnostic(file, 0 if is_json else line, 0 if is_json else column,
                                  "warning", person, _(
                                      "person '{person}' is not in the scheme's people, and "
                                      "is scored on post '{post}', as the data says").format(
                                      person=person, post=post),
                                  _("add them under people: in the scheme, or correct the id")))
        count = len(self.newcomers) + self.unnamed
        if count > NAMED:
            out.append(Diagnostic(file, 0, 0, "warning", "", _(
                "{count:,} people in the data are not in the scheme's people, and are scored on "
                "the posts their rows name; the first {named} are named one by one").format(
                count=count, named=NAMED), _("add them under people: in the scheme, or correct "
                                             "their ids")))
        return out


def _normalised(person_id: str) -> str:
    """An id as a near-miss sees it: no case, width, invisible characters or leading zeros
    (of the id, or of any number in it: SR001, SR01 and SR1 are one)."""
    if person_id.isascii():  # the usual case: only spaces are invisible
        text = person_id.replace(" ", "")
    else:
        text = unicodedata.normalize("NFKC", person_id)
        text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Zs"))
    return _LEADING_ZEROS.sub("", text.casefold().lstrip("0"))


def _all_normalised(ids: Sequence[str]) -> Sequence[str]:
    """:func:`_normalised` of each of ``ids``; ids of printable ASCII all at once, as one
    text of a line each."""
    joined = "".join(ids)
    if not (joined.isascii() and joined.isprintable()):  # no line feed in any id
        return list(map(_normalised, ids))
    text = "\n".join(ids)
    text = _LINE_ZEROS.sub("", text.replace(" ", "").casefold())
    return _LEADING_ZEROS.sub("", text).split("\n") if ids else []


def _numbers(normalised: str) -> tuple[str, ...]:
    return tuple(_NUMBER.findall(normalised))


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_LINE_ZEROS = re.compile(r"^0+", re.MULTILINE)
_NUMBER = re.compile(r"[0-9]+")
