"""The store: the only package that imports SQLAlchemy. Records in, records out."""

from store import accounts as accounts  # registers the users table on the shared metadata
from store import cycle as cycle  # registers the reporting-cycle tables
from store.access import OPEN, Forbidden, Locked, Principal, ScopedStore
from store.database import SaveResult, Store, ToSave, default_url, make_engine, may_hold_data

__all__ = [
    "OPEN",
    "Forbidden",
    "Locked",
    "Principal",
    "SaveResult",
    "ScopedStore",
    "Store",
    "ToSave",
    "accounts",
    "cycle",
    "default_url",
    "make_engine",
    "may_hold_data",
]
