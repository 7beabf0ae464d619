"""SQLite schema, loading and Datasette metadata."""
