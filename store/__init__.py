"""The store: the only package that imports SQLAlchemy. Records in, records out."""

from store.database import SaveResult, Store, default_url, make_engine

__all__ = ["SaveResult", "Store", "default_url", "make_engine"]
