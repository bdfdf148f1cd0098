"""Submitted statistical reports: locked snapshots per year and body, corrections as new versions."""

__all__: list[str] = []
