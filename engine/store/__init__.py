"""The history of every scored period, in a SQLite file or a PostgreSQL database: what a run
keeps (:func:`keep`, one transaction), the store's migrations (:mod:`.schema`), and what
``appraise history`` reads back (:mod:`.read`)."""

from __future__ import annotations

from .database import Database, StoreError, kind_of, shown
from .keep import Kept, keep

__all__ = ["Database", "Kept", "StoreError", "keep", "kind_of", "shown"]
