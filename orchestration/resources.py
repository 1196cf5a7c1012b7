"""Where a run reads and writes; by default from BRIEFINGS_* environment variables at run time."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from briefings.config import Settings, settings


class WarehousePaths(ConfigurableResource):
    """Override any path here (e.g. in tests); empty means the environment's default."""

    raw_dir: str = ""
    warehouse_path: str = ""
    sources_path: str = ""

    def settings(self) -> Settings:
        base = settings()
        return Settings(
            raw_dir=Path(self.raw_dir) if self.raw_dir else base.raw_dir,
            warehouse_path=Path(self.warehouse_path)
            if self.warehouse_path
            else base.warehouse_path,
            sources_path=Path(self.sources_path) if self.sources_path else base.sources_path,
        )
