"""The store's tables, as numbered migrations run forward when a store is opened: the table
``store_schema`` lists the ones applied. A store that a newer Appraise migrated further than
this one knows is refused, not read wrongly. Each migration is plain SQL that SQLite and
PostgreSQL both run; numbers are kept as text, exactly as the results hold them."""

from __future__ import annotations

from ..i18n import _
from .database import Database, StoreError

#: Migration N is MIGRATIONS[N - 1]; append, never edit one that was released.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            period TEXT NOT NULL,
            version INTEGER NOT NULL,
            scored_at TEXT NOT NULL,
            scored_by TEXT NOT NULL,
            appraise TEXT NOT NULL,
            scheme_name TEXT NOT NULL,
            scheme_label TEXT NOT NULL,
            scheme_fingerprint TEXT NOT NULL,
            scheme_file TEXT NOT NULL,
            scheme_text TEXT NOT NULL,
            data_file TEXT NOT NULL,
            data_fingerprint TEXT NOT NULL,
            people INTEGER NOT NULL,
            currency TEXT NOT NULL,
            points_places INTEGER NOT NULL,
            money_places INTEGER NOT NULL,
            rounding TEXT NOT NULL,
            UNIQUE (period, version))""",
        """CREATE TABLE results (
            run INTEGER NOT NULL REFERENCES runs (id),
            person TEXT NOT NULL,
            name TEXT NOT NULL,
            post TEXT NOT NULL,
            unit TEXT NOT NULL,
            weighted_sum TEXT NOT NULL,
            deductions TEXT NOT NULL,
            bonuses TEXT NOT NULL,
            total TEXT NOT NULL,
            veto TEXT,
            grade_scored TEXT NOT NULL,
            grade TEXT NOT NULL,
            grade_label TEXT NOT NULL,
            coefficient TEXT NOT NULL,
            bonus TEXT,
            pool TEXT,
            unit_rank INTEGER NOT NULL,
            unit_of INTEGER NOT NULL,
            company_rank INTEGER NOT NULL,
            company_of INTEGER NOT NULL,
            line INTEGER NOT NULL,
            PRIMARY KEY (run, person))""",
        """CREATE TABLE figures (
            run INTEGER NOT NULL REFERENCES runs (id),
            person TEXT NOT NULL,
            segment INTEGER NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            PRIMARY KEY (run, person, segment, field))""",
        """CREATE TABLE points (
            run INTEGER NOT NULL REFERENCES runs (id),
            person TEXT NOT NULL,
            segment INTEGER NOT NULL,
            post TEXT NOT NULL,
            indicator TEXT NOT NULL,
            value TEXT,
            points TEXT NOT NULL,
            PRIMARY KEY (run, person, segment, indicator))""",
        "CREATE INDEX results_by_person ON results (person)",
        "CREATE INDEX results_by_name ON results (name)",
    ),
    (  # the post's and the unit's names as the scheme gave them, for history to show
        "ALTER TABLE results ADD COLUMN post_label TEXT",
        "ALTER TABLE results ADD COLUMN unit_label TEXT",
    ),
)

LATEST = len(MIGRATIONS)


def applied(db: Database) -> int:
    """The store's migration (0: a new, empty store)."""
    if db.kind == "sqlite":
        found = db.rows("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'store_schema'")
    else:
        found = db.rows("SELECT count(*) FROM information_schema.tables WHERE "
                        "table_schema = current_schema() AND table_name = 'store_schema'")
    if not found[0][0]:
        return 0
    version = db.rows("SELECT max(version) FROM store_schema")[0][0]
    return int(version or 0)


def migrate(db: Database, appraise: str, when: str, writing: bool) -> None:
    """Bring the store up to this Appraise's tables (a reader leaves an older store as it is
    and reads it only once it is migrated); refuse one that a newer Appraise wrote."""
    found = applied(db)
    if found > LATEST:
        raise StoreError(db.name, _("this store was written by a newer Appraise (its tables "
                                    "are at version {found}; this Appraise knows up to "
                                    "{latest})").format(found=found, latest=LATEST),
                         _("upgrade Appraise to read and write it"))
    if found == LATEST:
        return
    if not writing:
        raise StoreError(db.name, _("this store is older than this Appraise (its tables are "
                                    "at version {found}; this Appraise's are at {latest})"
                                    ).format(found=found, latest=LATEST),
                         _("score a period with --store to bring it up to date"))
    with db.transaction():
        if found == 0:
            db.run("CREATE TABLE store_schema (version INTEGER PRIMARY KEY, applied_at TEXT "
                   "NOT NULL, appraise TEXT NOT NULL)")
        for number in range(found + 1, LATEST + 1):
            for statement in MIGRATIONS[number - 1]:
                db.run(statement)
            db.run("INSERT INTO store_schema (version, applied_at, appraise) VALUES (?, ?, ?)",
                   (number, when, appraise))
