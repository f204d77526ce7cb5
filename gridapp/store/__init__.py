"""The local store: SQLite through SQLAlchemy 2, plus content-addressed files."""
