"""What the two readers of a data file share: the scheme's view of its header, the cells,
who each row is for, the fields of each post, and every problem filed by row and column.

:mod:`.rowwise` reads a file row by row (each month of a scheme kept by month, and the
reference a plain period is held to); :mod:`.bulk` reads a plain period a column at a
time."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, did_you_mean
from ..i18n import _
from ..model import Post, Scheme
from ..year.periods import month_id
from .cells import Cells
from .header import ID_COLUMNS, Header, read_header
from .identity import NAMED, Identities
from .records import Record
from .texts import missing_texts, text_columns


class PostColumns:
    """The fields a row on a post gives, each with the column that holds it: made once a
    post."""

    def __init__(self, scheme: Scheme, header: Header) -> None:
        self.scheme, self.header = scheme, header
        self._needed: dict[str, list[tuple[str, str | None, bool]]] = {}
        self._units: dict[str, list[tuple[str, str | None]]] = {}
        self._blank: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        self._given: set[tuple[str, str]] = set()  # (post, field) some row gives

    def needed(self, post: Post) -> list[tuple[str, str | None, bool]]:
        """The fields a person on ``post`` reports, each with its column and whether a
        plain number there is taken as written."""
        if post.id not in self._needed:
            fields = self.scheme.fields
            self._needed[post.id] = [(f, self.header.fields.get(f), fields[f].as_written)
                                     for f in self.scheme.fields_for(post)]
        return self._needed[post.id]

    def for_units(self, post: Post) -> list[tuple[str, str | None]]:
        """The number fields the units above ``post`` are scored on that its card lacks:
        taken from a row that has them."""
        if post.id not in self._units:
            fields = self.scheme.fields
            self._units[post.id] = [(f, self.header.fields.get(f))
                                    for f in self.scheme.unit_fields_for(post)
                                    if fields[f].type == "number" and fields[f].raters is None]
        return self._units[post.id]

    def unit_figures(self, record: Record, person_id: str, post: Post, cells: Cells
                     ) -> Iterator[tuple[str, float]]:
        """A row's figures for the units above it, checked and converted as its own are;
        a blank cell is kept for :meth:`blanks`."""
        for field_id, column in self.for_units(post):
            if column is None:
                continue
            if not record.cells.get(column, "").strip():
                self.blank(post.id, field_id, record.line, record.columns.get(column, 0),
                           person_id)
                continue
            self.given(post.id, field_id)
            value = cells.figure(record, person_id, post, field_id)
            if isinstance(value, float):
                yield field_id, value

    def blank(self, post: str, field_id: str, line: int, column: int, person: str) -> None:
        """A unit's figure left blank in a row, kept in row order for :meth:`blanks`."""
        self._blank.setdefault((post, field_id), []).append((line, column, person))

    def given(self, post: str, field_id: str) -> None:
        """A row on ``post`` gives the unit's figure ``field_id``."""
        self._given.add((post, field_id))

    def blanks(self, file: str) -> list[Diagnostic]:
        """A warning for each blank figure of a unit's where others on the same post give
        it (a blank everybody on a post leaves, a manager's revenue, is nothing)."""
        out: list[Diagnostic] = []
        for (post, field_id), found in self._blank.items():
            if (post, field_id) not in self._given:
                continue
            for line, column, person in found[:NAMED]:
                out.append(Diagnostic(file, line, column, "warning", f"{person}.{field_id}", _(
                    "'{field}' is blank for person '{person}', though others on post '{post}' "
                    "give it: it counts as nothing in the figures of the units above them").format(
                        field=field_id, person=person, post=post),
                    _("enter 0 if there were none")))
            if len(found) > NAMED:
                out.append(Diagnostic(file, 0, 0, "warning", field_id, _(
                    "{count} people on post '{post}' leave '{field}' blank; the first {named} "
                    "are named").format(count=f"{len(found):,}", post=post, field=field_id,
                                        named=NAMED), _("enter 0 if there were none")))
        self._blank, self._given = {}, set()
        return out


class Reading:
    """One file read against the scheme, every problem filed."""

    def __init__(self, file: str, scheme: Scheme, columns: list[str], is_json: bool) -> None:
        self.file, self.scheme = file, scheme
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.is_json = is_json
        self.month = 0  # reading one month of a file kept by month
        self.header = read_header(scheme, columns)
        for column in self.header.ignored:
            self.warn(0, _("column '{column}' is not a field of the scheme and is "
                           "ignored").format(column=column), did_you_mean(column, scheme.fields))
        for column, field_id, unit in self.header.units:
            self._wrong_unit(columns.index(column) + 1, column, field_id, unit)
        for message, hint in missing_texts(scheme, self.header):
            self.warn(0, message, hint)
        self.texts = text_columns(scheme, self.header)
        self.cells = Cells(scheme, self.header, self.fail)
        self.identities = Identities(scheme, self.header, self.fail)
        self.posts = PostColumns(scheme, self.header)
        if self.header.id is None:
            self.fail(1, 1, "", _("no person id column"),
                      _("name the first column 'id' (also accepted: {names})").format(
                          names=", ".join(ID_COLUMNS[1:])))

    def _wrong_unit(self, number: int, column: str, field_id: str, unit: str) -> None:
        """A column headed by a field and a unit that is not the one the scheme counts it in."""
        spec = self.scheme.fields[field_id]
        if spec.unit:
            self.fail(1, number, "", _("column {number} ('{column}') gives field '{field}' in "
                                       "'{unit}', but the scheme counts it in '{expected}'").format(
                number=number, column=column, field=field_id, unit=unit, expected=spec.unit),
                _("give the figures in '{expected}' and head the column '{label}' or "
                  "'{label} ({expected})'; if the scheme is wrong, change "
                  "fields.{field}.unit").format(expected=spec.unit, label=spec.label,
                                                field=field_id))
            return
        self.fail(1, number, "", _("column {number} ('{column}') gives field '{field}' in "
                                   "'{unit}', but the scheme gives the field no unit").format(
            number=number, column=column, field=field_id, unit=unit),
            _("head the column '{label}' without the unit, or give the field its unit in "
              "the scheme (fields.{field}.unit)").format(label=spec.label, field=field_id))

    def fail(self, line: int, column: int, path: str, message: str, hint: str = "") -> None:
        if self.is_json:
            line, column = 0, 0
        self.errors.append(Diagnostic(self.file, line, column, "error", path, message, hint))

    def warn(self, line: int, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.file, line, 1 if line else 0, "warning", "",
                                        message, hint))

    @property
    def year(self) -> int:
        return self.scheme.calendar.year if self.scheme.calendar else 0

    def no_rows(self, period: str | None) -> None:
        self.fail(2, 1, "", _("the data file has no rows for period {period}").format(
            period=period) if period else _("the data file has no rows"),
            _("add one row per person after the header"))

    def several_periods(self, periods: list[str]) -> None:
        self.fail(1, 0, "", _("the data holds several periods ({periods})").format(
            periods=", ".join(periods)), _("choose one with --period"))

    def no_period(self, period: str, periods: list[str]) -> None:
        self.fail(1, 0, "", _("no rows for period {period}").format(period=period),
                  _("the data has: {periods}").format(periods=", ".join(periods)))

    def name_differs(self, line: int, person_id: str, name: str, in_scheme: str) -> None:
        self.warn(line, _("person '{person}' is called '{name}' here but '{in_scheme}' in the "
                          "scheme").format(person=person_id, name=name, in_scheme=in_scheme),
                  _("check that the row is the right person"))

    def no_id(self, line: int, column: int) -> None:
        where = _("record {line} has no person id") if self.is_json else \
            _("row {line} has no person id")
        self.fail(line, column, "", where.format(line=line),
                  _("fill in the id, or delete the row"))

    def no_period_column(self) -> None:
        self.fail(1, 1, "", _("no period column: this scheme is kept by month"),
                  _("add a column 'period' holding each row's month, e.g. {month}").format(
                      month=f"{self.year}-01"))

    def not_a_month(self, line: int, column: int, text: str) -> None:
        self.fail(line, column, "", _("period '{period}' is not a month of {year}").format(
            period=text, year=self.year), _("write the month as {year}-MM; the scheme keeps "
                                            "figures by month").format(year=self.year))

    def two_posts(self, line: int, column: int, person_id: str, before: str, first: int,
                  written: str) -> None:
        """A second row of a person in the month, on another post than the first row's."""
        self.fail(line, column, person_id, _(
            "person '{person}' is on two posts at once in {month}: '{first_post}' (row "
            "{first}) and '{second_post}' (row {second})").format(
                person=person_id, month=month_id(self.year, self.month), first_post=before,
                first=first, second_post=written, second=line),
            _("one person holds one post a month; a move takes effect from the next month"))

    def twice(self, line: int, column: int, person_id: str, first: int) -> None:
        twice = _("person '{person}' appears twice (records {first} and {second})") \
            if self.is_json else _("person '{person}' appears twice (rows {first} and {second})")
        self.fail(line, column, person_id, twice.format(person=person_id, first=first,
                                                        second=line),
                  _("keep one row per person"))
