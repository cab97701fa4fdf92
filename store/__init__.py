"""The store: the only package that imports SQLAlchemy. Records in, records out."""

from store import accounts as accounts  # registers the users table on the shared metadata
from store.access import OPEN, Forbidden, Principal, ScopedStore
from store.database import SaveResult, Store, default_url, make_engine, may_hold_data

__all__ = [
    "OPEN",
    "Forbidden",
    "Principal",
    "SaveResult",
    "ScopedStore",
    "Store",
    "accounts",
    "default_url",
    "make_engine",
    "may_hold_data",
]
