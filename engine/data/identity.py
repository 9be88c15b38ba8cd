"""Who a row is for, and on which post: the scheme's person (on the post they hold that
month) or one known only from the data (on the post the row names); an id that differs
from a scheme person's only in case, width, leading zeros or invisible characters is an
error, not a new person."""

from __future__ import annotations

import unicodedata

from ..diagnostics import did_you_mean
from ..model import Person, Post, Scheme
from ..year.periods import month_id
from .cells import Fail
from .header import Header
from .records import Record


class Identities:
    def __init__(self, scheme: Scheme, header: Header, fail: Fail) -> None:
        self.scheme, self.header, self.fail = scheme, header, fail
        self.twins = {_normalised(p): p for p in scheme.people}

    @property
    def year(self) -> int:
        return self.scheme.calendar.year if self.scheme.calendar else 0

    def post_of(self, record: Record, person_id: str, person: Person | None,
                month: int) -> Post | None:
        """The post of the person a row is for, in ``month`` (0: a plain period)."""
        posts = self.scheme.posts
        written = record.cells.get(self.header.post, "").strip() if self.header.post else ""
        column = record.columns.get(self.header.post or "", 0)
        if person is not None:
            held = person.post_in(month) if month else person.post
            when = f" in {month_id(self.year, month)}" if month else ""
            if held is None:
                self.fail(record.line, record.columns.get(self.header.id or "", 0), person_id,
                          f"person '{person_id}' has a row for "
                          f"{month_id(self.year, month)}, but holds no post then in the "
                          "scheme", f"check the months under people.{person_id}.posts")
                return None
            if written and written != held:
                self.fail(record.line, column, f"{person_id}.post",
                          f"person '{person_id}' is on post '{held}'{when} in the scheme but "
                          f"'{written}' in the data", "correct one of them")
                return None
            return posts[held]
        twin = self.twins.get(_normalised(person_id))
        if twin is not None:
            self.fail(record.line, record.columns.get(self.header.id or "", 0), person_id,
                      f"person '{person_id}' is not in the scheme, but '{twin}' is",
                      f"write the id exactly as '{twin}' (check case, leading zeros and "
                      "invisible characters)")
            return None
        if not written:
            self.fail(record.line, record.columns.get(self.header.id or "", 0), person_id,
                      f"unknown person '{person_id}': not in the scheme's people, and no post "
                      "is given for them", "add them under people: in the scheme, or fill in "
                      "a 'post' column")
            return None
        if written not in posts:
            self.fail(record.line, column, f"{person_id}.post", f"unknown post '{written}'",
                      did_you_mean(written, posts))
            return None
        return posts[written]


def _normalised(person_id: str) -> str:
    """An id as a near-miss sees it: no case, width, invisible characters or leading zeros."""
    text = unicodedata.normalize("NFKC", person_id)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Zs"))
    return text.casefold().lstrip("0")
