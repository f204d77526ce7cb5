"""The central sync service (FastAPI). Stateless apart from the database and the file store."""
