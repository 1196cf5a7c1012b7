"""Briefing warehouse: press-briefing transcripts to a tested DuckDB warehouse of reported figures."""

__version__ = "0.1.0"
