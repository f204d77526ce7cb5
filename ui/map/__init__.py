"""The map view: a folium-built Leaflet page in a QWebEngineView, fed as JSON."""
