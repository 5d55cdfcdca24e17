"""Geometry without Qt: grid polygon checks and repair, point-in-grid assignment, the demo district."""
