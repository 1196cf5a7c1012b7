"""A briefing-site simulator for the fetch and ingest tests.

A real HTTP server on 127.0.0.1 (a free port), with a behaviour per path: a page that
honours ETag / Last-Modified, a sequence of replies (500 then 200, a page that changes),
redirects, slow or truncated or oversized replies. It records every request it sees, so a
test can assert what was (and was not) asked for. The transcript text is invented for the
tests, in the style of an SCIO press-conference transcript.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Tue, 14 Mar 2023 08:00:00 GMT"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering: a slow server
    send: int | None = None  # send only this many body bytes; Content-Length still says all
    content_length: bool = True  # False: no Content-Length, the body ends when we close


Behaviour = Callable[[Seen], Reply]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:
        seen = Seen("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
        reply = self.site._answer(seen)
        if reply.delay:
            time.sleep(reply.delay)
        # Every reply closes the connection: truncated and unsized bodies need it, and it
        # keeps one request per connection, which is all the tests need.
        self.close_connection = True
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.content_length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            body = reply.body if reply.send is None else reply.body[: reply.send]
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a read timeout or a size limit): expected

    def log_message(self, format: str, *args: object) -> None:
        return  # keep test output quiet


class Site:
    """One simulated web site. Use as a context manager; `on(path, ...)` sets a behaviour."""

    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.port = self._server.server_address[1]
        self.host = f"127.0.0.1:{self.port}"
        self.base = f"http://{self.host}"
        self.requests: list[Seen] = []
        self._routes: dict[str, Behaviour] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.closed = False

    def url(self, path: str) -> str:
        return self.base + path

    def on(self, path: str, behaviour: Behaviour | Reply) -> None:
        if isinstance(behaviour, Reply):
            fixed = behaviour
            behaviour = lambda _seen: fixed  # noqa: E731 - a constant behaviour
        with self._lock:
            self._routes[path] = behaviour

    def paths(self) -> list[str]:
        with self._lock:
            return list(self._routes)

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.requests if seen.path == path]

    def _answer(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            behaviour = self._routes.get(seen.path.split("?")[0])
        if behaviour is None:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        return behaviour(seen)

    def close(self) -> None:
        if not self.closed:
            self._server.shutdown()
            self._server.server_close()
            self.closed = True

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- behaviours ---------------------------------------------------------------------------
def page(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    *,
    etag: bool = True,
    last_modified: str | None = LAST_MODIFIED,
) -> Behaviour:
    """A page that answers a matching If-None-Match / If-Modified-Since with 304."""
    tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"' if etag else None
    validators = {}
    if tag:
        validators["ETag"] = tag
    if last_modified:
        validators["Last-Modified"] = last_modified

    def behaviour(seen: Seen) -> Reply:
        if tag and seen.headers.get("if-none-match") == tag:
            return Reply(304, b"", validators)
        if not tag and last_modified and seen.headers.get("if-modified-since") == last_modified:
            return Reply(304, b"", validators)
        return Reply(200, body, {"Content-Type": content_type, **validators})

    return behaviour


def sequence(*steps: Behaviour | Reply) -> Behaviour:
    """Each request gets the next step; the last one repeats."""
    remaining = list(steps)
    lock = threading.Lock()

    def behaviour(seen: Seen) -> Reply:
        with lock:
            step = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return step if isinstance(step, Reply) else step(seen)

    return behaviour


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


def server_error(status: int = 500) -> Reply:
    return Reply(status, b"server error", {"Content-Type": "text/plain"})


# -- content --------------------------------------------------------------------------------
TITLE = "SCIO press conference on the Clean Fields 2022 campaign against counterfeit farm supplies"

# Invented transcript, one list of paragraphs per page.
TRANSCRIPT: list[list[str]] = [
    [
        "Shou Xiaoli:",
        "Good morning, ladies and gentlemen. Welcome to this press conference. Today we have "
        "invited Mr. Lin Haoran, deputy director of the National Office for Market Order, to "
        "brief you on the Clean Fields 2022 campaign and to answer your questions.",
        "Lin Haoran:",
        "Thank you. Over the past year, market regulators handled more than 3,100 cases of "
        "fake seeds, fertilizer and pesticides, and closed about 460 websites that sold them. "
        "The goods involved were worth nearly 1.2 billion yuan, up 8.5% year on year.",
    ],
    [
        "China Daily:",
        "What has been done for farmers who bought fake seeds?",
        "Lin Haoran:",
        "Thank you for your question. We worked in three areas. First, we set up 2,300 "
        "complaint points in rural markets. Second, we paid compensation in 870 cases. "
        "Third, we published a list of 52 trusted seed suppliers.",
    ],
    [
        "Shou Xiaoli:",
        "Thank you, Mr. Lin, and thank you all. Today's press conference is concluded.",
    ],
]

# The same kind of text in Chinese. 镕 is in GBK but not in GB2312: a page labelled
# gb2312 that uses it only decodes right as GBK / GB18030.
CHINESE_TEXT = (
    "寿小丽：\n各位记者朋友，上午好。欢迎出席今天的新闻发布会。\n"
    "林浩然：\n去年，各地市场监管部门共查办假冒种子、化肥和农药案件3100余件，"
    "关闭违法网站约460个，涉案货值近12亿元，同比增长8.5%。镕城县一地就查获假冒化肥120吨。\n"
    "寿小丽：\n谢谢林先生。今天的发布会到此结束。"
)


def footer(stem: str, page_no: int, pages: int, *, mobile: bool = False) -> str:
    """Pagination links `<  1  2 ... 9  >`; long footers elide the middle, as the sites do."""

    def href(n: int) -> str:
        return f"{stem}.htm" if n == 1 else f"{stem}_{n}.htm"

    shown = list(range(1, pages + 1))
    if pages > 7:
        shown = sorted({1, pages, page_no - 1, page_no, page_no + 1} & set(shown))
    if mobile:
        items = [
            f'<li class="{"on" if n == page_no else ""}"><a href="{href(n)}">{n}</a></li>'
            for n in shown
        ]
        return f'<ul class="pager">{"".join(items)}</ul>'
    parts = [f'<a href="{href(max(page_no - 1, 1))}">&lt;</a>']
    previous = 0
    for n in shown:
        if n > previous + 1:
            parts.append("<span>...</span>")
        parts.append(f"<span>{n}</span>" if n == page_no else f'<a href="{href(n)}">{n}</a>')
        previous = n
    parts.append(f'<a href="{href(min(page_no + 1, pages))}">&gt;</a>')
    return '<div id="autopage"><center>' + "&nbsp;&nbsp;".join(parts) + "</center></div>"


def article_html(
    stem: str,
    page_no: int,
    pages: int,
    paragraphs: list[str],
    *,
    title: str = TITLE,
    meta_charset: str | None = "utf-8",
    mobile: bool = False,
) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">'
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html>\n<html><head>"
        + (meta if meta_charset else "")
        + f"<title>{title}</title></head><body>"
        + '<div class="nav"><a href="/">Home</a> <a href="/pressroom/">Press room</a></div>'
        + f'<div id="content"><h1>{title}</h1>\n{body}\n</div>'
        + footer(stem, page_no, pages, mobile=mobile)
        + "</body></html>"
    )


def index_html(links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Press room</title></head>"
        '<body><div class="nav"><a href="/">Home</a> <a href="/about.htm">About</a></div>'
        f"<ul class='list'>{items}</ul></body></html>"
    )


def publish_article(
    site: Site,
    folder: str,
    content_id: int,
    pages: list[list[str]] = TRANSCRIPT,
    *,
    mobile: bool = False,
    etag: bool = True,
) -> list[str]:
    """Serve an article as pages `content_ID.htm`, `content_ID_2.htm`, ...; their URLs."""
    stem = f"content_{content_id}"
    urls = []
    for n, paragraphs in enumerate(pages, start=1):
        path = f"{folder}{stem}.htm" if n == 1 else f"{folder}{stem}_{n}.htm"
        html = article_html(stem, n, len(pages), paragraphs, mobile=mobile)
        site.on(path, page(html.encode("utf-8"), etag=etag))
        urls.append(site.url(path))
    return urls


class FakeTime:
    """An injected clock and sleep: sleeping advances the clock and is recorded, not waited."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
