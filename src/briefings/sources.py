"""The registry of briefings and index pages (a YAML file). Strict: an unknown key fails loudly."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import orjson
import yaml

from briefings.files import LatestEntryCache

PROFILES = ("scio", "china_org_cn", "text")
ROLES = ("host", "official", "journalist")


class RegistryError(ValueError):
    """The registry file is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str
    organization: str | None = None


@dataclass(frozen=True)
class Copy:
    profile: str
    first_page: str
    pages: int | None = None

    def page_url(self, page_no: int) -> str:
        """Page N of a paginated article: `content_123.htm` -> `content_123_N.htm`."""
        if page_no == 1:
            return self.first_page
        stem, dot, ext = self.first_page.rpartition(".")
        return f"{stem}_{page_no}.{ext}" if dot else f"{self.first_page}_{page_no}"

    def page_urls(self) -> list[str]:
        return [self.page_url(n) for n in range(1, (self.pages or 1) + 1)]


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    copies: tuple[Copy, ...]
    held_on: date | None = None
    published_on: date | None = None
    report_year: int | None = None
    speakers: tuple[Speaker, ...] = ()


@dataclass(frozen=True)
class IndexPage:
    url: str
    profile: str


@dataclass(frozen=True)
class Registry:
    allowed_hosts: frozenset[str]
    briefings: tuple[Briefing, ...] = ()
    index_pages: tuple[IndexPage, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def host_allowed(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in self.allowed_hosts

    @cached_property
    def _by_id(self) -> dict[str, Briefing]:
        return {b.id: b for b in self.briefings}

    @cached_property
    def _by_url(self) -> dict[str, tuple[Briefing, Copy, int]]:
        pages: dict[str, tuple[Briefing, Copy, int]] = {}
        for briefing in self.briefings:
            for copy in briefing.copies:
                for page_no, page_url in enumerate(copy.page_urls(), start=1):
                    pages.setdefault(page_url, (briefing, copy, page_no))
        return pages

    def briefing(self, briefing_id: str) -> Briefing | None:
        return self._by_id.get(briefing_id)

    def page_of(self, url: str) -> tuple[Briefing, Copy, int] | None:
        """Which briefing, copy and page number a URL is, if the registry knows it."""
        return self._by_url.get(url)


def _only(entry: dict, allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {sorted(unknown)}")


def _speaker(raw: dict, where: str) -> Speaker:
    _only(raw, {"name", "role", "organization"}, where)
    if raw.get("role") not in ROLES:
        raise RegistryError(f"{where}: role must be one of {ROLES}, got {raw.get('role')!r}")
    return Speaker(name=str(raw["name"]), role=raw["role"], organization=raw.get("organization"))


def _copy(raw: dict, where: str) -> Copy:
    _only(raw, {"profile", "first_page", "pages"}, where)
    if raw.get("profile") not in PROFILES:
        raise RegistryError(f"{where}: profile must be one of {PROFILES}")
    return Copy(profile=raw["profile"], first_page=str(raw["first_page"]), pages=raw.get("pages"))


def _date(value: object, where: str) -> date | None:
    """YAML reads 2021-04-30 as a date; a quoted one is taken if it is ISO, anything else fails."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RegistryError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}") from None


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_registry(data: dict, path: Path | None = None) -> Registry:
    where = str(path or "<registry>")
    if not isinstance(data, dict):
        raise RegistryError(f"{where}: expected a mapping at the top level")
    _only(data, {"allowed_hosts", "index_pages", "briefings"}, where)
    briefings = []
    for i, raw in enumerate(data.get("briefings") or []):
        here = f"{where}: briefings[{i}]"
        _only(
            raw,
            {"id", "title", "held_on", "published_on", "report_year", "speakers", "copies"},
            here,
        )
        if not _ID.match(str(raw.get("id", ""))):
            raise RegistryError(f"{here}: id must be lower-case letters, digits and dashes")
        briefings.append(
            Briefing(
                id=raw["id"],
                title=" ".join(str(raw.get("title", "")).split()),
                held_on=_date(raw.get("held_on"), f"{here}.held_on"),
                published_on=_date(raw.get("published_on"), f"{here}.published_on"),
                report_year=raw.get("report_year"),
                speakers=tuple(
                    _speaker(s, f"{here}.speakers[{j}]")
                    for j, s in enumerate(raw.get("speakers") or [])
                ),
                copies=tuple(
                    _copy(c, f"{here}.copies[{j}]") for j, c in enumerate(raw.get("copies") or [])
                ),
            )
        )
    ids = [b.id for b in briefings]
    if len(ids) != len(set(ids)):
        raise RegistryError(f"{where}: briefing ids must be unique")
    index_pages = []
    for i, raw in enumerate(data.get("index_pages") or []):
        _only(raw, {"url", "profile"}, f"{where}: index_pages[{i}]")
        index_pages.append(IndexPage(url=raw["url"], profile=raw.get("profile", "scio")))
    return Registry(
        allowed_hosts=frozenset(h.lower() for h in data.get("allowed_hosts") or []),
        briefings=tuple(briefings),
        index_pages=tuple(index_pages),
        path=path,
    )


# libyaml's safe loader when PyYAML was built with it: a registry of thousands of briefings
# is read on every run and every sensor tick, and the pure-Python loader takes a second.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_registry(path: Path, cache_dir: Path | None = None) -> Registry:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: registry file not found") from exc
    return parse_registry_text(text, path, cache_dir)


def parse_registry_text(text: str, path: Path, cache_dir: Path | None = None) -> Registry:
    """The registry in `text`. With a cache folder, the YAML is read once per content: even
    libyaml takes half a second over a registry of a few thousand briefings, which a run that
    only checks for news would spend on every launch. Validation runs every time."""
    cache = LatestEntryCache(cache_dir, "registry", ".json") if cache_dir is not None else None
    cached = cache.get(text) if cache is not None else None
    if cached is not None:
        with contextlib.suppress(orjson.JSONDecodeError):
            return parse_registry(orjson.loads(cached), path)
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    registry = parse_registry(data, path)
    if cache is not None:
        # Dates become ISO strings, which parse_registry reads back as the same dates.
        cache.put(text, orjson.dumps(data))
    return registry
