"""What ``appraise history`` reads back from a store: the periods and their versions, one
person's results over time, one period's results, and what changed between two versions.
Each is a list of records (dicts, in order), the numbers as text exactly as they were kept."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..i18n import _
from .database import Database, StoreError
from .schema import LATEST, applied

Record = dict[str, Any]

RUN = ("period", "version", "scored_at", "scored_by", "appraise", "scheme_name",
       "scheme_label", "scheme_fingerprint", "data_file", "data_fingerprint", "people",
       "currency", "points_places", "money_places", "rounding")
NUMBERS = ("weighted_sum", "deductions", "bonuses", "total", "veto", "grade_scored", "grade",
           "grade_label", "coefficient", "bonus", "pool", "unit_rank", "unit_of",
           "company_rank", "company_of")
PERSON = ("person", "name", "post", "unit", "post_label", "unit_label", *NUMBERS)


@contextmanager
def reading(url: str) -> Iterator[Database]:
    """The store at ``url``, open to read; :class:`StoreError` when it is not one this
    Appraise reads."""
    db = Database(url, writing=False)
    try:
        found = applied(db)
        if found > LATEST:
            from .schema import migrate

            migrate(db, "", "", writing=False)  # refuses it, saying why
        if found == 0:
            raise StoreError(db.name, _("this store holds no scored period yet"),
                             _("score a period with --store {url} first").format(url=db.name))
        if found < LATEST:
            raise StoreError(db.name, _("this store is older than this Appraise (its tables "
                                        "are at version {found}; this Appraise's are at "
                                        "{latest})").format(found=found, latest=LATEST),
                             _("score a period with --store to bring it up to date"))
        yield db
    finally:
        db.close()


def versions(db: Database) -> list[Record]:
    """Every period's versions, the oldest period first."""
    return [dict(zip(RUN, row, strict=True)) for row in db.rows(
        f"SELECT {', '.join(RUN)} FROM runs ORDER BY period, version")]


def _run(db: Database, period: str, version: int | None) -> tuple[int, Record]:
    found = db.rows(f"SELECT id, {', '.join(RUN)} FROM runs WHERE period = ? "
                    "ORDER BY version DESC", (period,))
    if not found:
        kept = sorted({r[0] for r in db.rows("SELECT period FROM runs")})
        raise StoreError(db.name, _("no period '{period}' is kept here").format(period=period),
                         _("the store keeps: {periods}").format(periods=", ".join(kept)))
    for row in found:
        if version is None or row[2] == version:
            return int(row[0]), dict(zip(RUN, row[1:], strict=True))
    raise StoreError(db.name, _("{period} has no version {version}").format(
        period=period, version=version), _("its versions are 1 to {last}").format(
        last=found[0][2]))


def period_results(db: Database, period: str, version: int | None) -> tuple[Record,
                                                                            list[Record]]:
    """One version of a period (the latest when ``version`` is none) and everybody's result,
    in the unit's rank order."""
    run, record = _run(db, period, version)
    rows = db.rows(f"SELECT {', '.join(PERSON)} FROM results WHERE run = ? "
                   "ORDER BY unit, unit_rank, person", (run,))
    return record, [dict(zip(PERSON, row, strict=True)) for row in rows]


def who_is(db: Database, given: str) -> str:
    """The person's id, given their id or their name: a name two people share is refused,
    naming both."""
    if db.rows("SELECT 1 FROM results WHERE person = ? LIMIT 1", (given,)):
        return given
    ids = sorted({r[0] for r in db.rows("SELECT DISTINCT person FROM results WHERE name = ?",
                                        (given,))})
    if len(ids) == 1:
        return str(ids[0])
    if ids:
        raise StoreError(db.name, _("{count} people are called '{name}': {ids}").format(
            count=len(ids), name=given, ids=", ".join(ids)),
                         _("name one by id, e.g. --person {id}").format(id=ids[0]))
    raise StoreError(db.name, _("nobody with the id or name '{name}' is kept here").format(
        name=given), _("appraise history --store {url} --period PERIOD lists who is kept"
                       ).format(url=db.name))


def person_results(db: Database, person: str, asked: Sequence[str]) -> list[Record]:
    """One person's result in every version of every period, the oldest first, with the
    fields' figures and the indicators' points ``asked`` for (by name)."""
    rows = db.rows(
        f"SELECT r.id, {', '.join('r.' + c for c in RUN)}, "
        f"{', '.join('p.' + c for c in PERSON)} FROM runs r JOIN results p ON p.run = r.id "
        "WHERE p.person = ? ORDER BY r.period, r.version", (person,))
    out = []
    for run, *rest in rows:
        record = dict(zip((*RUN, *PERSON), rest, strict=True))
        for name in asked:
            record[name] = _asked(db, int(run), person, name)
        out.append(record)
    return out


def _asked(db: Database, run: int, person: str, name: str) -> str | None:
    """A field's figure, or else an indicator's points (the last post's, for several)."""
    for table, column, key in (("figures", "value", "field"),
                               ("points", "points", "indicator")):
        found = db.rows(f"SELECT {column} FROM {table} WHERE run = ? AND person = ? AND "
                        f"{key} = ? ORDER BY segment DESC LIMIT 1", (run, person, name))
        if found:
            return None if found[0][0] is None else str(found[0][0])
    return None


def known_names(db: Database) -> set[str]:
    """Every field and indicator the store holds figures or points for."""
    return {r[0] for r in db.rows("SELECT DISTINCT field FROM figures")} | \
        {r[0] for r in db.rows("SELECT DISTINCT indicator FROM points")}


def differences(db: Database, period: str, old: int, new: int) -> tuple[Record, Record,
                                                                        list[Record]]:
    """What changed from version ``old`` of a period to version ``new``: each person added,
    removed, or with a number that differs (results, figures, points), as records of person,
    name, what and the two values."""
    old_run, old_record = _run(db, period, old)
    new_run, new_record = _run(db, period, new)
    before, after = _numbers(db, old_run), _numbers(db, new_run)
    names = {p: n for p, (n, _v) in {**before, **after}.items()}
    changes: list[Record] = []
    for person in sorted(before.keys() | after.keys()):
        if person not in before:
            changes.append({"person": person, "name": names[person], "what": "added",
                            "old": None, "new": None})
            continue
        if person not in after:
            changes.append({"person": person, "name": names[person], "what": "removed",
                            "old": None, "new": None})
            continue
        was, now = before[person][1], after[person][1]
        for what in sorted((was.keys() | now.keys()) - {"grade_label"}, key=_order):
            if was.get(what) != now.get(what):
                changes.append({"person": person, "name": names[person], "what": what,
                                "old": was.get(what), "new": now.get(what)})
    return old_record, new_record, changes


def _order(what: str) -> tuple[int, str]:
    return (NUMBERS.index(what), "") if what in NUMBERS else \
        (len(NUMBERS) + what.startswith("points:"), what)


def _numbers(db: Database, run: int) -> dict[str, tuple[str, dict[str, object]]]:
    """Each person's name and every number kept for them in ``run``, by what it is."""
    out: dict[str, tuple[str, dict[str, object]]] = {}
    for row in db.rows(f"SELECT person, name, {', '.join(NUMBERS)} FROM results "
                       "WHERE run = ?", (run,)):
        out[row[0]] = (row[1], dict(zip(NUMBERS, row[2:], strict=True)))
    for person, segment, field, value in db.rows(
            "SELECT person, segment, field, value FROM figures WHERE run = ?", (run,)):
        out[person][1][_part(field, int(segment))] = value
    for person, segment, indicator, points in db.rows(
            "SELECT person, segment, indicator, points FROM points WHERE run = ?", (run,)):
        out[person][1]["points:" + _part(indicator, int(segment))] = points
    return out


def _part(name: str, segment: int) -> str:
    return name if not segment else f"{name}#{segment + 1}"


def period_as_data(db: Database, period: str) -> bytes:
    """The latest version of a kept period as a data file (CSV: id, name, post, period and
    each field kept), so that what reads a data file reads the figures it was scored on."""
    import csv
    import io

    run, record = _run(db, period, None)
    people = db.rows("SELECT person, name, post FROM results WHERE run = ? "
                     "ORDER BY line, person", (run,))
    fields: dict[str, None] = {}
    figures: dict[str, dict[str, str]] = {}
    for person, field, value in db.rows(
            "SELECT person, field, value FROM figures WHERE run = ? AND segment = 0 "
            "ORDER BY person, field", (run,)):
        fields.setdefault(field, None)
        figures.setdefault(person, {})[field] = "" if value is None else str(value)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "post", "period", *fields])
    for person, name, post in people:
        kept = figures.get(person, {})
        writer.writerow([person, name, post, record["period"],
                         *(kept.get(f, "") for f in fields)])
    return out.getvalue().encode("utf-8")
