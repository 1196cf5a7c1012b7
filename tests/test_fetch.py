"""The fetcher against a simulated site on 127.0.0.1: retries, limits, charsets, allow-list."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from sitesim import (
    CHINESE_TEXT,
    FakeTime,
    Reply,
    Site,
    article_html,
    page,
    redirect,
    sequence,
    server_error,
)

from briefings.fetch import (
    USER_AGENT,
    CharsetError,
    ConnectFailed,
    ContentError,
    Fetcher,
    FetchPolicy,
    HostNotAllowed,
    HTTPStatusError,
    ReadTimedOut,
    RedirectError,
    TooLarge,
    TruncatedBody,
    codec_name,
    decode_body,
    first_page_of,
    page_count,
    parse_retry_after,
)

NOW = datetime(2023, 3, 15, 8, 0, 0, tzinfo=UTC)
POLICY = FetchPolicy(
    connect_timeout=1.0,
    read_timeout=0.2,
    max_attempts=3,
    backoff_base=0.5,
    retry_after_cap=120.0,
    politeness_delay=1.0,
    max_bytes=100_000,
    max_redirects=4,
)
HTML_UTF8 = "text/html; charset=utf-8"


def make_fetcher(site: Site, fake: FakeTime, **policy: float) -> Fetcher:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: tests talk to 127.0.0.1 only
    return Fetcher(
        [site.host],
        policy=replace(POLICY, **policy),
        session=session,
        sleep=fake.sleep,
        clock=fake.clock,
        now=lambda: NOW,
    )


@pytest.fixture
def fetcher(site, fake):
    with make_fetcher(site, fake) as f:
        yield f


def simple_page(text: str = "Shou Xiaoli:\nGood morning.") -> bytes:
    return f"<html><head><title>t</title></head><body><p>{text}</p></body></html>".encode()


# -- the ordinary path ----------------------------------------------------------------------
def test_get_sends_project_user_agent_and_keeps_validator_headers(site, fetcher):
    site.on("/a.htm", page(simple_page()))

    result = fetcher.get(site.url("/a.htm"))

    assert result.status == "fetched"
    assert result.http_status == 200
    assert result.media_type == "text/html"
    assert result.encoding == "utf-8"
    assert "Good morning." in result.text
    assert set(result.headers) == {"etag", "last-modified", "content-type"}
    assert site.hits("/a.htm")[0].headers["user-agent"] == USER_AGENT
    assert "briefings-warehouse" in USER_AGENT


def test_conditional_get_with_stored_headers_gets_304_and_reports_unchanged(site, fetcher):
    site.on("/a.htm", page(simple_page()))
    first = fetcher.get(site.url("/a.htm"))

    second = fetcher.get(site.url("/a.htm"), previous_headers=first.headers)

    assert second.status == "unchanged"
    assert second.http_status == 304
    assert second.content is None
    conditional = site.hits("/a.htm")[1].headers
    assert conditional["if-none-match"] == first.headers["etag"]
    assert conditional["if-modified-since"] == first.headers["last-modified"]


def test_plain_text_page_is_kept_as_text_plain(site, fetcher):
    site.on("/t.txt", page(b"Shou Xiaoli:\nGood morning.\n", "text/plain; charset=utf-8"))

    result = fetcher.get(site.url("/t.txt"))

    assert result.media_type == "text/plain"
    assert result.text == "Shou Xiaoli:\nGood morning.\n"


def test_non_text_content_is_refused_naming_the_url(site, fetcher):
    site.on("/report.pdf", Reply(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"}))

    with pytest.raises(ContentError, match=r"/report\.pdf: not a text page"):
        fetcher.get(site.url("/report.pdf"))


# -- retries --------------------------------------------------------------------------------
def test_429_waits_for_retry_after_seconds_then_succeeds(site, fetcher, fake):
    body = simple_page()
    site.on("/busy.htm", sequence(Reply(429, b"slow down", {"Retry-After": "7"}), page(body)))

    result = fetcher.get(site.url("/busy.htm"))

    assert result.status == "fetched"
    assert result.content == body
    assert result.attempts == 2
    assert fake.sleeps == [7.0]  # the header's value, not the backoff


def test_503_waits_until_a_retry_after_http_date(site, fetcher, fake):
    when = format_datetime(NOW + timedelta(seconds=30), usegmt=True)
    site.on("/d.htm", sequence(Reply(503, b"", {"Retry-After": when}), page(simple_page())))

    assert fetcher.get(site.url("/d.htm")).status == "fetched"
    assert fake.sleeps == [30.0]


def test_a_huge_retry_after_is_capped(site, fetcher, fake):
    site.on("/d.htm", sequence(Reply(429, b"", {"Retry-After": "86400"}), page(simple_page())))

    fetcher.get(site.url("/d.htm"))

    assert fake.sleeps == [POLICY.retry_after_cap]


def test_500_then_success_is_retried_with_exponential_backoff(site, fake):
    fetcher = make_fetcher(site, fake, politeness_delay=0.0)  # only backoff sleeps here
    site.on("/flaky.htm", sequence(server_error(), server_error(502), page(simple_page())))

    result = fetcher.get(site.url("/flaky.htm"))

    assert result.status == "fetched"
    assert result.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    assert len(site.hits("/flaky.htm")) == 3


def test_persistent_500_fails_after_bounded_attempts(site, fetcher):
    site.on("/down.htm", server_error())

    with pytest.raises(HTTPStatusError, match=r"/down\.htm: HTTP 500.*after 3 attempts") as err:
        fetcher.get(site.url("/down.htm"))
    assert err.value.status == 500
    assert len(site.hits("/down.htm")) == POLICY.max_attempts


def test_404_is_not_retried(site, fetcher, fake):
    with pytest.raises(HTTPStatusError, match=r"/gone\.htm: HTTP 404") as err:
        fetcher.get(site.url("/gone.htm"))

    assert err.value.status == 404
    assert len(site.hits("/gone.htm")) == 1
    assert fake.sleeps == []


def test_read_timeout_is_retried_then_fails_naming_the_url(site, fake):
    site.on("/slow.htm", Reply(200, simple_page(), {"Content-Type": HTML_UTF8}, delay=0.6))
    fetcher = make_fetcher(site, fake, max_attempts=2, politeness_delay=0.0)

    with pytest.raises(ReadTimedOut) as err:
        fetcher.get(site.url("/slow.htm"))

    message = str(err.value)
    assert message.startswith(site.url("/slow.htm") + ": no response within 0.2s")
    assert "after 2 attempts" in message
    assert len(site.hits("/slow.htm")) == 2
    assert fake.sleeps == [0.5]


def test_fetch_returns_a_failed_result_instead_of_raising(site, fetcher):
    site.on("/down.htm", server_error())

    result = fetcher.fetch(site.url("/down.htm"))

    assert result.status == "failed"
    assert isinstance(result.error, HTTPStatusError)
    assert result.attempts == 3


def test_connection_refused_is_a_connect_failure(fake):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.htm"
    fetcher = Fetcher([f"127.0.0.1:{port}"], policy=POLICY, sleep=fake.sleep, clock=fake.clock)
    fetcher.session.trust_env = False

    with pytest.raises(ConnectFailed, match=r"cannot connect") as err:
        fetcher.get(url)

    assert str(err.value).startswith(url)
    assert err.value.attempts == POLICY.max_attempts


# -- body limits ----------------------------------------------------------------------------
def test_truncated_body_is_refused(site, fetcher):
    body = simple_page("x" * 5000)
    site.on("/cut.htm", Reply(200, body, {"Content-Type": HTML_UTF8}, send=1000))

    with pytest.raises(TruncatedBody, match=r"/cut\.htm: connection closed before the body"):
        fetcher.get(site.url("/cut.htm"))
    assert len(site.hits("/cut.htm")) == POLICY.max_attempts  # a cut can be transient


def test_oversized_page_refused_from_content_length(site, fetcher):
    site.on("/big.htm", Reply(200, simple_page("x" * 150_000), {"Content-Type": HTML_UTF8}))

    with pytest.raises(TooLarge, match=r"/big\.htm: Content-Length \d+ exceeds the 100000-byte"):
        fetcher.get(site.url("/big.htm"))
    assert len(site.hits("/big.htm")) == 1


def test_oversized_page_without_content_length_stops_while_streaming(site, fetcher):
    big = Reply(200, simple_page("x" * 300_000), {"Content-Type": HTML_UTF8}, content_length=False)
    site.on("/big.htm", big)

    with pytest.raises(TooLarge, match=r"/big\.htm: body exceeds the 100000-byte limit; stopped"):
        fetcher.get(site.url("/big.htm"))


# -- redirects and the allow-list -----------------------------------------------------------
def test_redirect_is_followed_within_the_allowed_host(site, fetcher):
    site.on("/old.htm", redirect("/new.htm", 301))
    site.on("/new.htm", page(simple_page()))

    result = fetcher.get(site.url("/old.htm"))

    assert result.status == "fetched"
    assert result.final_url == site.url("/new.htm")


def test_redirect_loop_gives_a_clear_error(site, fetcher):
    site.on("/a.htm", redirect("/b.htm"))
    site.on("/b.htm", redirect(site.url("/a.htm")))

    with pytest.raises(RedirectError) as err:
        fetcher.get(site.url("/a.htm"))

    a, b = site.url("/a.htm"), site.url("/b.htm")
    assert str(err.value) == f"{a}: redirect loop: {a} -> {b} -> {a}"
    assert len(site.hits("/a.htm")) == 1  # a loop is not retried


def test_too_many_redirects_gives_a_clear_error(site, fetcher):
    for n in range(10):
        site.on(f"/r{n}.htm", redirect(f"/r{n + 1}.htm"))

    with pytest.raises(RedirectError, match=r"/r0\.htm: more than 4 redirects"):
        fetcher.get(site.url("/r0.htm"))
    assert site.hits("/r5.htm") == []


def test_url_on_a_host_not_allowed_is_never_requested(fetcher, other_site):
    other_site.on("/content_1.htm", page(simple_page()))

    with pytest.raises(HostNotAllowed, match="not on the allow-list"):
        fetcher.get(other_site.url("/content_1.htm"))
    assert other_site.requests == []


def test_redirect_to_a_host_not_allowed_is_refused(site, fetcher, other_site):
    other_site.on("/landing.htm", page(simple_page()))
    site.on("/go.htm", redirect(other_site.url("/landing.htm")))

    with pytest.raises(HostNotAllowed, match=r"/go\.htm: redirects to .*/landing\.htm"):
        fetcher.get(site.url("/go.htm"))
    assert other_site.requests == []


# -- politeness -----------------------------------------------------------------------------
def test_politeness_delay_between_requests_to_the_same_host(site, fetcher, fake, other_site):
    site.on("/a.htm", page(simple_page()))
    site.on("/b.htm", page(simple_page()))
    fetcher.allowed_hosts = frozenset({site.host, other_site.host})
    other_site.on("/c.htm", page(simple_page()))

    fetcher.get(site.url("/a.htm"))
    fake.now += 0.25  # some time passes between the two requests
    fetcher.get(site.url("/b.htm"))
    fetcher.get(other_site.url("/c.htm"))  # another host: no wait

    assert fake.sleeps == [0.75]


# -- charsets -------------------------------------------------------------------------------
def gbk_article(meta_charset: str | None) -> bytes:
    html = article_html("content_5", 1, 1, CHINESE_TEXT.split("\n"), meta_charset=meta_charset)
    return html.encode("gbk")


def test_gbk_page_with_charset_only_in_the_meta_tag(site, fetcher):
    site.on("/gbk.htm", page(gbk_article("gbk"), "text/html"))

    result = fetcher.get(site.url("/gbk.htm"))

    assert result.charset_source == "meta"
    assert result.encoding == "gb18030"
    assert "查办假冒种子、化肥和农药案件3100余件" in result.text
    for line in CHINESE_TEXT.split("\n"):
        assert line in result.text


def test_gbk_page_with_charset_only_in_the_header(site, fetcher):
    site.on("/gbk.htm", page(gbk_article(None), "text/html; charset=GBK"))

    result = fetcher.get(site.url("/gbk.htm"))

    assert result.charset_source == "header"
    assert result.content.decode("gbk") == result.text
    assert "关闭违法网站约460个" in result.text


def test_gb2312_label_is_decoded_as_its_superset(site, fetcher):
    # 镕 is not in GB2312: decoding with the gb2312 codec would fail on this page.
    site.on("/gb.htm", page(gbk_article("gb2312"), "text/html"))

    result = fetcher.get(site.url("/gb.htm"))

    assert result.encoding == "gb18030"
    assert "镕城县" in result.text
    with pytest.raises(UnicodeDecodeError):
        result.content.decode("gb2312")


def test_undeclared_gbk_page_is_detected(site, fetcher):
    site.on("/plain.txt", page(CHINESE_TEXT.encode("gbk"), "text/plain"))

    result = fetcher.get(site.url("/plain.txt"))

    assert result.charset_source == "detected"
    assert result.text == CHINESE_TEXT


def test_a_header_charset_that_does_not_fit_falls_back_to_the_meta_tag(site, fetcher):
    site.on("/lies.htm", page(gbk_article("gbk"), "text/html; charset=utf-8"))

    result = fetcher.get(site.url("/lies.htm"))

    assert result.charset_source == "meta"
    assert "林浩然：" in result.text


# -- pure helpers ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        (format_datetime(NOW + timedelta(minutes=2), usegmt=True), 120.0),
        (format_datetime(NOW - timedelta(minutes=2), usegmt=True), 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    ("label", "codec"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("UTF8", "utf-8"),
     ("no-such-charset", None)],
)  # fmt: skip
def test_codec_name(label, codec):
    assert codec_name(label) == codec


def test_decode_body_refuses_binary():
    with pytest.raises(CharsetError, match="binary"):
        decode_body(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)


def test_page_count_from_a_desktop_footer():
    html = article_html("content_77", 1, 3, ["Shou Xiaoli:", "Hello."])
    url = "http://english.scio.gov.cn/pressroom/2023-03/15/content_77.htm"

    assert page_count(html, url) == 3


def test_page_count_from_an_elided_footer_and_from_a_later_page():
    html = article_html("content_77", 4, 9, ["Hello."])  # < 1 ... 3 4 5 ... 9 >
    url = "http://english.scio.gov.cn/pressroom/2023-03/15/content_77_4.htm"

    assert page_count(html, url) == 9
    assert first_page_of(url).endswith("/content_77.htm")


def test_page_count_from_a_mobile_footer():
    html = article_html("content_77", 2, 3, ["Hello."], mobile=True)

    assert page_count(html, "http://m.example.org/a/content_77_2.htm") == 3


def test_page_count_ignores_other_articles_other_hosts_and_absurd_numbers():
    html = (
        '<a href="content_78_5.htm">other article</a>'
        '<a href="http://elsewhere.example/a/content_77_6.htm">same name, other host</a>'
        '<a href="content_77_99999.htm">broken</a>'
        '<a href="content_77_2.htm#top">2</a>'
    )

    assert page_count(html, "http://example.org/a/content_77.htm") == 2
