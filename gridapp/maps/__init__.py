"""The map: grid polygons, case points, tile sources and the offline Leaflet page (no Qt)."""
