"""extract_article keeps the story and drops the page furniture around it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from extract.articles import extract_article
from extract.dedup import text_hash
from extract.errors import ArticleExtractError

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
URL = "https://lantern.example/2026/04/seoul-tokyo-hotline?utm_source=rss"


@pytest.fixture(scope="module")
def article():
    return extract_article((PAGES / "commentary_with_boilerplate.html").read_bytes(), URL)


def test_body_text_kept(article):
    assert "picked up the phone to Japanese Prime Minister Sanae Takaichi on Wednesday" in article.text
    assert "agreed to meet in person on the sidelines of the autumn summit" in article.text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "We use cookies",  # cookie banner
        "Accept all cookies",
        "Subscribe today",  # nav bar
        "Podcasts",
        "Home >",  # breadcrumb
        "Sign up for our newsletter",
        "Related stories",
        "quiet courtship of Canberra",  # related link text
        "Great piece",  # comments
        "All rights reserved",  # footer
    ],
)
def test_boilerplate_removed(article, boilerplate):
    assert boilerplate not in article.text


def test_metadata(article):
    assert article.title == "The Seoul–Tokyo hotline, rebuilt"
    assert article.author == "Hana Kobayashi"
    assert article.site_name == "Lantern Street"
    assert article.language == "en"
    assert article.published_at == datetime(2026, 4, 17, 6, 45, tzinfo=timezone(timedelta(hours=9)))
    assert article.url == URL
    assert article.canonical_url == "https://lantern.example/2026/04/seoul-tokyo-hotline"
    assert article.text_hash == text_hash(article.text)


def test_decoded_xhtml_with_declaration():
    page = (PAGES / "commentary_with_boilerplate.html").read_text(encoding="utf-8")
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + page
    assert extract_article(xhtml, URL).text == extract_article(page.encode(), URL).text


def test_canonical_url_is_normalised():
    page = (PAGES / "commentary_with_boilerplate.html").read_bytes().replace(
        b'href="https://lantern.example/2026/04/seoul-tokyo-hotline"',
        b'href="HTTPS://Lantern.Example:443/2026/04/seoul-tokyo-hotline?utm_campaign=x#top"')
    assert extract_article(page, URL).canonical_url == "https://lantern.example/2026/04/seoul-tokyo-hotline"


@pytest.mark.parametrize("html", [b"", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"])
def test_nothing_to_extract(html):
    with pytest.raises(ArticleExtractError):
        extract_article(html, "https://x.example/empty")


def test_undeclared_utf8_bytes_are_not_mojibake():
    body = "<p>" + "It\u2019s the Kremlin\u2019s view, said the envoy from M\u00fcnchen, again and again. " * 4 + "</p>"
    page = f"<html><head><title>t</title></head><body><article>{body}</article></body></html>".encode("utf-8")
    text = extract_article(page, "https://example.test/a").text
    assert "It\u2019s the Kremlin\u2019s view" in text and "M\u00fcnchen" in text and "\u00e2" not in text
