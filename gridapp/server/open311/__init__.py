"""Open311 GeoReport v2 on the sync service."""
