"""One connection to a store, whatever holds it: a SQLite file (the standard library's sqlite3)
or a PostgreSQL database (psycopg). The store's SQL is written once, with ``?`` for each bound
parameter and nothing else pasted into it; this module runs it on either, one transaction at a
time. Problems come back as :class:`StoreError`, naming the store without its password."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, without_password
from ..i18n import _

shown = without_password  # a URL as messages name it: without its password

SQLITE = "sqlite:///"
POSTGRESQL = ("postgresql://", "postgres://")


class StoreError(AppraiseError):
    """A store that cannot be opened, read or written: one problem, naming the store."""

    def __init__(self, where: str, message: str, hint: str = "") -> None:
        super().__init__([Diagnostic(where, 0, 0, "error", "", message, hint)])


def kind_of(url: str) -> str:
    """``sqlite`` or ``postgresql``; :class:`StoreError` for a URL of another kind."""
    if url.startswith(POSTGRESQL):
        return "postgresql"
    if url.startswith(SQLITE) or "://" not in url:
        return "sqlite"
    raise StoreError(shown(url), _("Appraise keeps its history in SQLite or PostgreSQL, and "
                                   "cannot open a store of this kind"),
                     _("give a file path or sqlite:///PATH for SQLite, or "
                       "postgresql://USER@HOST/DATABASE for PostgreSQL"))


class Database:
    """An open store: statements with ``?`` parameters, and rows back."""

    def __init__(self, url: str, writing: bool) -> None:
        self.url, self.name, self.kind = url, shown(url), kind_of(url)
        self.connection: Any = self._sqlite(writing) if self.kind == "sqlite" else \
            self._postgresql()

    def _sqlite(self, writing: bool) -> Any:
        import sqlite3

        path = Path(self.url[len(SQLITE):] if self.url.startswith(SQLITE) else self.url)
        if path.is_dir():
            raise StoreError(self.name, _("this is a folder, not a store"),
                             _("name a file for the store, e.g. history.sqlite"))
        if not writing and not path.exists():
            raise StoreError(self.name, _("there is no store here"),
                             _("score a period with --store {url} first").format(url=self.name))
        mode = "rwc" if writing else "ro"
        try:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True,
                                         isolation_level=None)
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise self.failed(exc) from None
        return connection

    def _postgresql(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(self.name, _("cannot connect to the store: {reason}").format(
                reason=_reason(exc)), _("check the URL, and that the database server is "
                                        "running and lets you in")) from None

    def failed(self, exc: Exception) -> StoreError:
        """What a database's error means for the person running Appraise."""
        said = _reason(exc)
        if "not a database" in said:
            return StoreError(self.name, _("this file is not a store (not a SQLite "
                                           "database)"),
                              _("name another file, or a new one, for the store"))
        if "readonly" in said or "read-only" in said or "unable to open" in said:
            return StoreError(self.name, _("cannot write to the store: {reason}").format(
                reason=said), _("check that the file and its folder may be written"))
        return StoreError(self.name, _("the store failed: {reason}").format(reason=said))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.kind == "postgresql" else sql

    def rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self.connection.execute(self._sql(sql), tuple(parameters)).fetchall())
        except Exception as exc:
            raise self.failed(exc) from None

    def run(self, sql: str, parameters: Sequence[object] = ()) -> None:
        try:
            self.connection.execute(self._sql(sql), tuple(parameters))
        except Exception as exc:
            raise self.failed(exc) from None

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
               ) -> None:
        """Many rows into ``table`` (one of the store's own, never a name from input)."""
        names = ", ".join(f'"{c}"' for c in columns)
        try:
            if self.kind == "postgresql":
                with self.connection.cursor() as cursor, \
                        cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _c in columns)
                self.connection.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        except Exception as exc:
            raise self.failed(exc) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All of the block's writes, or none of them."""
        self.run("BEGIN")
        try:
            yield
        except BaseException:
            with suppress(Exception):  # a connection that is gone committed nothing
                self.connection.execute("ROLLBACK")
            raise
        self.run("COMMIT")

    def close(self) -> None:
        self.connection.close()


def _reason(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
