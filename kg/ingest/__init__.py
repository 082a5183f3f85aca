"""Ingest stage: list file → rows with source positions → header mapping → items and catalogs."""
