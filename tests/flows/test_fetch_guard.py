"""Unit tests of the address/scheme guard, Retry-After parsing, backoff and body inflation: no traffic sent."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import random
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from flows.fetch.body import Inflater, parse_content_type, read_capped
from flows.fetch.errors import ResponseError
from flows.fetch.guard import AllowList, blocked_reason, check_addresses, scheme_allowed
from flows.fetch.outcomes import outcome_class
from flows.fetch.politeness import backoff_delay, parse_retry_after

ip = ipaddress.ip_address


@pytest.mark.parametrize("addr", [
    "10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "127.0.0.2", "169.254.169.254", "169.254.1.1",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "::1", "::", "fd00::1", "fd00:ec2::254", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
    "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2001:db8::1",
])
def test_private_and_special_addresses_are_blocked(addr):
    assert blocked_reason(ip(addr)) is not None


@pytest.mark.parametrize("addr", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(addr):
    assert blocked_reason(ip(addr)) is None


def test_metadata_addresses_are_named_as_such():
    assert "metadata" in blocked_reason(ip("169.254.169.254"))
    assert "metadata" in blocked_reason(ip("fd00:ec2::254"))


def test_every_resolved_address_must_pass_unless_allow_listed():
    allow = AllowList.parse(["127.0.0.1", "10.8.0.0/16", "Intranet.Example"])
    assert check_addresses("a.example", [ip("8.8.8.8"), ip("10.0.0.1")], allow) is not None
    assert check_addresses("a.example", [ip("8.8.8.8"), ip("10.8.3.4")], allow) is None
    assert check_addresses("a.example", [ip("127.0.0.1")], allow) is None
    assert check_addresses("a.example", [ip("127.0.0.2")], allow) is not None
    assert check_addresses("intranet.example", [ip("192.168.1.1")], allow) is None
    assert check_addresses("a.example", [], allow) is not None


@pytest.mark.parametrize("url, ok", [
    ("http://example.com/a", True), ("HTTPS://example.com", True), ("file:///etc/passwd", False),
    ("javascript:alert(1)", False), ("ftp://example.com/", False), ("data:text/html,hi", False),
    ("http:///nohost", False), ("//example.com/x", False),
])
def test_scheme_check(url, ok):
    assert scheme_allowed(url) is ok


def test_retry_after_seconds_and_http_date():
    now = datetime(2026, 11, 29, 3, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == pytest.approx(90)
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_backoff_grows_exponentially_within_jitter_bounds():
    rng = random.Random(1)
    for attempt in range(4):
        d = backoff_delay(attempt, 0.5, rng)
        assert 0.25 * 2 ** attempt <= d < 0.75 * 2 ** attempt


def test_content_type_parsing():
    assert parse_content_type('text/XML; Charset="Windows-1251"') == ("text/xml", "windows-1251")
    assert parse_content_type("text/xml;charset = us-ascii") == ("text/xml", "us-ascii")
    assert parse_content_type(None) == (None, None)


def test_inflater_never_returns_more_than_asked():
    bomb = gzip.compress(b"a" * 50_000_000)
    out = Inflater("gzip").feed(bomb, 1000)
    assert len(out) == 1001


def test_read_capped_handles_raw_deflate_and_rejects_unknown_encodings():
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    data = raw.compress(b"hello world") + raw.flush()

    async def chunks(*parts):
        for p in parts:
            yield p

    assert asyncio.run(read_capped(chunks(data[:3], data[3:]), "deflate", 100)) == b"hello world"
    with pytest.raises(ResponseError) as exc:
        asyncio.run(read_capped(chunks(b"x"), "br", 100))
    assert exc.value.outcome == "bad_encoding"


@pytest.mark.parametrize("label, cls", [
    ("ok", "ok"), ("not_modified", "ok"), ("unchanged", "ok"), ("http_404", "permanent"), ("http_410", "permanent"),
    ("http_429", "transient"), ("http_503", "transient"), ("timeout", "transient"), ("connect_error", "transient"),
    ("too_large", "permanent"), ("blocked_address", "permanent"), ("bad_scheme", "permanent"),
    ("robots_disallowed", "permanent"), ("redirect_loop", "permanent"),
])
def test_outcome_classes(label, cls):
    assert outcome_class(label) == cls
