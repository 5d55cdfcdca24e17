"""GeoJSON, CSV and Open311 in and out.

- `grids_geojson`: import grids from a GeoJSON FeatureCollection (`import_grids`), export them
  (`grid_rows`, `write_grids_geojson`); `grids_csv`: grids as CSV.
- `events_import`: import events from CSV (`events_csv`), GeoJSON points (`events_geojson`) or Open311
  GeoReport v2 JSON (`open311`); rows are checked by `event_records` and written by `event_writer`.
- `events_export`: events as GeoJSON, CSV or Open311.
- `bench_import`: `commandcenter bench import`.

Imports are all-or-nothing and raise `problems.ImportRefused` listing what is wrong where; they run in
the caller's Session and transaction (the caller commits).
"""
