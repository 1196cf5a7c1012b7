"""Dagster definitions: thin assets, each calling one part of the `briefings` package."""
