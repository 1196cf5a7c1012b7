"""HTTP for the briefing sites: one polite, bounded, allow-listed requests.Session.

The fetcher hands back bytes, decoded text and the few headers worth keeping; it knows
nothing of snapshots or parsing. Every failure is a FetchError whose message starts with
the URL, so a log line or a manifest entry says which page and what went wrong.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from briefings.sources import Registry

USER_AGENT = (
    "briefings-warehouse/0.1 (+https://github.com/briefings-warehouse/briefings; "
    "press-briefing figures for research)"
)
KEPT_HEADERS = ("etag", "last-modified", "content-type")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_PAGES = 60  # a footer link past this is a broken link, not hundreds of pages to fetch

log = logging.getLogger(__name__)

FetchStatus = Literal["fetched", "unchanged", "failed"]


# -- errors -------------------------------------------------------------------------------
class FetchError(Exception):
    """A page could not be fetched. str() is `URL: what went wrong`."""

    retryable = False

    def __init__(self, url: str, reason: str, *, attempts: int = 1) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason
        self.attempts = attempts

    def __str__(self) -> str:
        tail = f" (after {self.attempts} attempts)" if self.attempts > 1 else ""
        return f"{self.url}: {self.reason}{tail}"


class HostNotAllowed(FetchError):
    """The URL (or a redirect target) is on a host outside the allow-list; nothing was sent."""


class ConnectFailed(FetchError):
    """No connection could be made (refused, DNS, connect timeout): maybe we are offline."""

    retryable = True


class ReadTimedOut(FetchError):
    retryable = True


class TruncatedBody(FetchError):
    """Fewer bytes arrived than Content-Length promised."""

    retryable = True


class TooLarge(FetchError):
    pass


class RedirectError(FetchError):
    """A redirect loop, too many redirects, or a redirect without a usable Location."""


class HTTPStatusError(FetchError):
    """A status we cannot use. 429 and 5xx are retried, honouring Retry-After when given."""

    def __init__(
        self, url: str, status: int, reason: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason)
        self.status = status
        self.retry_after = retry_after
        self.retryable = status == 429 or status >= 500


class ContentError(FetchError):
    """The body is not a text page we can store: wrong media type, binary, undecodable."""


class CharsetError(ValueError):
    """Bytes that no candidate charset decodes into text. Callers add the URL or file name."""


# -- configuration and result -------------------------------------------------------------
@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_attempts: int = 4
    backoff_base: float = 1.0  # seconds before the 2nd attempt; doubles each time
    backoff_cap: float = 60.0
    retry_after_cap: float = 300.0  # a server asking for longer is waited on only this long
    politeness_delay: float = 2.0  # seconds between two requests to the same host
    max_bytes: int = 5_000_000
    max_redirects: int = 5

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: FetchStatus
    final_url: str | None = None
    http_status: int | None = None
    content: bytes | None = None
    text: str | None = None
    encoding: str | None = None
    charset_source: str | None = None  # bom | header | meta | utf-8 | detected
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 1
    error: FetchError | None = None


# -- pure helpers ---------------------------------------------------------------------------
def host_allowed(url: str, allowed_hosts: Iterable[str]) -> bool:
    """Is the URL on an allowed host? An entry `host` allows any port, `host:port` only that one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    allowed = {h.lower() for h in allowed_hosts}
    return host in allowed or f"{host}:{port}" in allowed


def conditional_headers(kept: Mapping[str, str] | None) -> dict[str, str]:
    """Request headers that let the server answer 304 for a page we already hold."""
    kept = {k.lower(): v for k, v in (kept or {}).items()}
    out = {}
    if kept.get("etag"):
        out["If-None-Match"] = kept["etag"]
    if kept.get("last-modified"):
        out["If-Modified-Since"] = kept["last-modified"]
    return out


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    lowered = {k.lower(): v for k, v in headers.items()}
    return {k: lowered[k] for k in KEPT_HEADERS if k in lowered}


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def parse_content_type(value: str | None) -> tuple[str, dict[str, str]]:
    """`text/html; charset="GBK"` -> ("text/html", {"charset": "GBK"})."""
    if not value:
        return "", {}
    media, _, rest = value.partition(";")
    params = {}
    for item in rest.split(";"):
        key, eq, val = item.partition("=")
        if eq:
            params[key.strip().lower()] = val.strip().strip("\"'")
    return media.strip().lower(), params


_GB_FAMILY = {"gb2312", "gbk", "gb18030"}


def codec_name(label: str | None) -> str | None:
    """A Python codec for a charset label, or None if unknown.

    GB2312 and GBK pages routinely contain characters outside their declared set, so the
    whole family decodes as GB18030, their superset.
    """
    if not label:
        return None
    label = label.strip().lower()
    if label in ("x-gbk", "gb_2312-80", "csgb2312", "x-euc-cn"):
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def charset_from_meta(body: bytes, scan: int = 8192) -> str | None:
    """The charset label a <meta> tag declares in the head of an HTML document."""
    match = _META_CHARSET.search(body[:scan])
    return match.group(1).decode("ascii") if match else None


# Control characters other than whitespace, deleted in one C-level pass to count them.
_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\n\r\f\v"}


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    controls = len(text) - len(text.translate(_CONTROLS))
    return controls <= max(2, len(text) // 1000)


def decode_body(
    body: bytes, *, header_charset: str | None = None, html: bool = True
) -> tuple[str, str, str]:
    """Decode a page: (text, codec, where the charset came from).

    Order: byte-order mark, the Content-Type charset, the <meta> charset, strict UTF-8, then
    charset-normalizer's guess. A declared charset that does not decode the bytes is skipped
    rather than trusted, because these sites sometimes declare one charset and serve another.
    """
    candidates: list[tuple[str | None, str]] = []
    for bom, codec in _BOMS:
        if body.startswith(bom):
            candidates.append((codec, "bom"))
    candidates.append((codec_name(header_charset), "header"))
    if html:
        candidates.append((codec_name(charset_from_meta(body)), "meta"))
    candidates.append(("utf-8", "utf-8"))
    tried: list[str] = []
    binary = False
    for codec, source in candidates:
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, codec, source
        binary = True
    if binary or b"\x00" in body:
        raise CharsetError("binary content, not a text page")
    guess = from_bytes(body).best()
    codec = codec_name(guess.encoding) if guess is not None else None
    if codec is not None:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_like_text(text):
            return text, codec, "detected"
    raise CharsetError(f"cannot decode: no declared or detected charset fits (tried {tried})")


_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.I)


def media_type_of(content_type: str | None, body: bytes) -> str | None:
    """text/html or text/plain for a page we can store, None for anything else."""
    media, _ = parse_content_type(content_type)
    if media in ("text/html", "application/xhtml+xml"):
        return "text/html"
    if media == "text/plain":
        return "text/plain"
    if media in ("", "application/octet-stream"):
        return "text/html" if _HTML_START.match(body[:512]) else "text/plain"
    return None


# -- pagination -------------------------------------------------------------------------------
_PAGE_SUFFIX = re.compile(r"(/content_\d+)_(\d+)(\.[A-Za-z]+)$")


def first_page_of(url: str) -> str:
    """`.../content_123_4.htm` -> `.../content_123.htm`; any other URL is its own first page."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX.sub(r"\1\3", parts.path)
    return parts._replace(path=path, fragment="").geturl()


def page_number_of(url: str) -> int:
    match = _PAGE_SUFFIX.search(urlsplit(url).path)
    return int(match.group(2)) if match else 1


def page_links(html: str, base_url: str) -> list[tuple[str, str]]:
    """Every <a href> in a page as (absolute URL without fragment, link text)."""
    out = []
    for node in HTMLParser(html).css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url, _ = urldefrag(urljoin(base_url, href))
        out.append((url, " ".join(node.text(deep=True).split())))
    return out


def page_count(html: str, url: str, max_pages: int = MAX_PAGES) -> int:
    """How many pages an article has, from its pagination footer (`< 1 2 ... 9 >`).

    Page N of `content_123.htm` is `content_123_N.htm` (the rule of sources.Copy.page_url);
    the highest N linked from the page wins, since long footers elide the middle pages.
    Links past max_pages are ignored as broken.
    """
    first = urlsplit(first_page_of(url))
    stem, dot, ext = first.path.rpartition(".")
    if not dot:
        stem, ext = first.path, ""
    pattern = re.compile(re.escape(stem) + r"_(\d+)" + (re.escape("." + ext) if dot else "") + "$")
    highest = page_number_of(url)
    for link, _ in page_links(html, url):
        parts = urlsplit(link)
        if (parts.hostname or "").lower() != (first.hostname or "").lower():
            continue
        match = pattern.match(parts.path)
        if not match:
            continue
        number = int(match.group(1))
        if number > max_pages:
            # One bad link must not turn into thousands of requests.
            log.warning(
                "%s: ignoring pagination link to page %d (limit %d)", url, number, max_pages
            )
            continue
        highest = max(highest, number)
    return highest


# -- the fetcher ------------------------------------------------------------------------------
def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Session(requests.Session):
    """A session that reads the proxy and certificate settings of the environment once per
    host: requests scans every environment variable on every request, a fifth of the time of
    a fetch from a fast server."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple, dict] = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):  # type: ignore[override]
        parts = urlsplit(url)
        key = (
            parts.scheme,
            parts.netloc,
            tuple(sorted((proxies or {}).items())),
            stream,
            verify,
            cert,
        )
        if key not in self._environment:
            self._environment[key] = super().merge_environment_settings(
                url, proxies, stream, verify, cert
            )
        return {k: dict(v) if isinstance(v, dict) else v for k, v in self._environment[key].items()}


class Fetcher:
    """One requests.Session with timeouts, retries, politeness and limits.

    `sleep`, `clock` (monotonic seconds) and `now` (aware UTC datetime, for Retry-After
    dates) are injectable so tests run without real waiting.
    """

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        *,
        policy: FetchPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utcnow,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.policy = policy or FetchPolicy()
        self.session = session or _Session()
        self.session.headers["User-Agent"] = user_agent
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._last_request: dict[str, float] = {}

    @classmethod
    def for_registry(cls, registry: Registry, **kwargs: Any) -> Fetcher:
        """A fetcher limited to the registry's allowed_hosts."""
        return cls(registry.allowed_hosts, **kwargs)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def host_allowed(self, url: str) -> bool:
        return host_allowed(url, self.allowed_hosts)

    # -- public ---------------------------------------------------------------------------
    def get(self, url: str, *, previous_headers: Mapping[str, str] | None = None) -> FetchResult:
        """Fetch a page, retrying what is worth retrying. Raises FetchError.

        previous_headers are the kept headers of the snapshot we hold; with them the request
        is conditional and an unchanged page comes back as status "unchanged", without body.
        """
        if not self.host_allowed(url):
            raise HostNotAllowed(url, "host is not on the allow-list; not requested")
        conditional = conditional_headers(previous_headers)
        attempt = 1
        while True:
            try:
                result = self._once(url, conditional)
            except FetchError as exc:
                exc.attempts = attempt
                if not exc.retryable or attempt >= self.policy.max_attempts:
                    raise
                self._sleep(self._wait_before_retry(exc, attempt))
                attempt += 1
                continue
            return replace(result, attempts=attempt)

    def fetch(self, url: str, *, previous_headers: Mapping[str, str] | None = None) -> FetchResult:
        """Like get(), but a failure comes back as status "failed" with the error attached."""
        try:
            return self.get(url, previous_headers=previous_headers)
        except FetchError as exc:
            return FetchResult(url=url, status="failed", attempts=exc.attempts, error=exc)

    # -- internals ------------------------------------------------------------------------
    def _wait_before_retry(self, exc: FetchError, attempt: int) -> float:
        if isinstance(exc, HTTPStatusError) and exc.retry_after is not None:
            return min(exc.retry_after, self.policy.retry_after_cap)
        return self.policy.backoff(attempt)

    def _be_polite(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = self.policy.politeness_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)

    def _mark(self, url: str) -> None:
        self._last_request[urlsplit(url).netloc.lower()] = self._clock()

    def _send(self, url: str, hop: str, headers: Mapping[str, str]) -> requests.Response:
        """One request, no redirects followed. Errors name `url`, the page asked for."""
        self._be_polite(hop)
        where = "" if hop == url else f" at {hop}"
        try:
            return self.session.get(
                hop,
                headers=dict(headers),
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.ConnectTimeout as exc:
            raise ConnectFailed(
                url, f"connect timed out after {self.policy.connect_timeout}s{where}"
            ) from exc
        except requests.ReadTimeout as exc:
            raise ReadTimedOut(
                url, f"no response within {self.policy.read_timeout}s{where}"
            ) from exc
        except requests.ConnectionError as exc:
            raise ConnectFailed(url, f"cannot connect{where} ({_root_cause(exc)})") from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"request failed{where} ({exc})") from exc
        finally:
            self._mark(hop)

    def _once(self, url: str, conditional: Mapping[str, str]) -> FetchResult:
        chain = [url]
        current = url
        while True:
            response = self._send(url, current, conditional)
            with response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    current = self._next_hop(url, chain, response)
                    continue
                if status == 304:
                    if not conditional:
                        raise HTTPStatusError(url, 304, "304 Not Modified to an unconditional GET")
                    return FetchResult(
                        url=url,
                        status="unchanged",
                        final_url=current,
                        http_status=304,
                        headers=kept_headers(response.headers),
                    )
                if status != 200:
                    raise self._status_error(url, response)
                body = self._read_body(url, response)
                self._mark(current)
                return self._page(url, current, response, body)

    def _next_hop(self, url: str, chain: list[str], response: requests.Response) -> str:
        location = response.headers.get("Location")
        if not location:
            raise RedirectError(url, f"HTTP {response.status_code} without a Location header")
        target, _ = urldefrag(urljoin(chain[-1], location))
        if target in chain:
            raise RedirectError(url, "redirect loop: " + " -> ".join([*chain, target]))
        if len(chain) > self.policy.max_redirects:
            raise RedirectError(
                url, f"more than {self.policy.max_redirects} redirects: " + " -> ".join(chain)
            )
        if not self.host_allowed(target):
            raise HostNotAllowed(url, f"redirects to {target}, whose host is not on the allow-list")
        chain.append(target)
        return target

    def _status_error(self, url: str, response: requests.Response) -> HTTPStatusError:
        status = response.status_code
        retry_after = None
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._now())
        reason = f"HTTP {status} {response.reason or ''}".rstrip()
        return HTTPStatusError(url, status, reason, retry_after=retry_after)

    def _read_body(self, url: str, response: requests.Response) -> bytes:
        # A body shorter than its Content-Length is caught by urllib3 (enforce_content_length)
        # and arrives here as ChunkedEncodingError.
        limit = self.policy.max_bytes
        declared = _content_length(response.headers)
        if declared is not None and declared > limit:
            raise TooLarge(url, f"Content-Length {declared} exceeds the {limit}-byte limit")
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                total += len(chunk)
                if total > limit:
                    raise TooLarge(url, f"body exceeds the {limit}-byte limit; stopped reading")
                chunks.append(chunk)
        except requests.exceptions.ChunkedEncodingError as exc:
            said = f"Content-Length {declared}; " if declared is not None else ""
            raise TruncatedBody(
                url, f"connection closed before the body was complete ({said}{_root_cause(exc)})"
            ) from exc
        except requests.ConnectionError as exc:
            raise ReadTimedOut(
                url, f"body stalled or connection lost ({_root_cause(exc)})"
            ) from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"reading the body failed ({exc})") from exc
        return b"".join(chunks)

    def _page(
        self, url: str, final_url: str, response: requests.Response, body: bytes
    ) -> FetchResult:
        content_type = response.headers.get("Content-Type")
        media_type = media_type_of(content_type, body)
        if media_type is None:
            raise ContentError(url, f"not a text page (Content-Type {content_type!r})")
        if not body.strip():
            raise ContentError(url, "empty body")
        _, params = parse_content_type(content_type)
        try:
            text, encoding, source = decode_body(
                body, header_charset=params.get("charset"), html=media_type == "text/html"
            )
        except CharsetError as exc:
            raise ContentError(url, str(exc)) from exc
        return FetchResult(
            url=url,
            status="fetched",
            final_url=final_url,
            http_status=response.status_code,
            content=body,
            text=text,
            encoding=encoding,
            charset_source=source,
            media_type=media_type,
            headers=kept_headers(response.headers),
        )


def _content_length(headers: Mapping[str, str]) -> int | None:
    value = headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _root_cause(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain, which is the readable one."""
    seen = exc
    while True:
        inner = next((a for a in reversed(seen.args) if isinstance(a, BaseException)), None)
        inner = inner or getattr(seen, "reason", None)
        if not isinstance(inner, BaseException) or inner is seen:
            break
        seen = inner
    return str(seen) or type(seen).__name__
