"""The map: a folium page built once, live layers fed through QWebChannel."""
