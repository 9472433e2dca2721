"""Canonical URLs: tracking parameters, fragments, default ports, case, parameter order."""

from __future__ import annotations

import pytest

from extract.urls import canonicalize_url, is_tracking_param, same_article_url


@pytest.mark.parametrize("raw, canonical", [
    ("HTTPS://News.Example.COM/World/Story?id=7#comments", "https://news.example.com/World/Story?id=7"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
    ("https://example.com/a?b=2&fbclid=IwAR0&a=1&gclid=Cj0&mc_cid=1&mc_eid=2", "https://example.com/a?a=1&b=2"),
    ("https://example.com/a?xtor=RSS-3208&page=2", "https://example.com/a?page=2"),
    ("https://example.com/a?q=a+b&Q=%2f", "https://example.com/a?Q=%2F&q=a+b"),
    ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
    ("https://example.com./a", "https://example.com/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"),
    ("https://example.com/a?&&x=1&", "https://example.com/a?x=1"),
])
def test_canonicalize(raw, canonical):
    assert canonicalize_url(raw) == canonical


def test_canonical_is_idempotent_and_keeps_content_params():
    url = "https://example.com/article.php?id=12&lang=en&utm_term=z"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once == "https://example.com/article.php?id=12&lang=en"


def test_path_case_is_kept_and_other_schemes_are_untouched():
    assert canonicalize_url("https://example.com/Path/CASE") == "https://example.com/Path/CASE"
    assert canonicalize_url("mailto:Someone@Example.com") == "mailto:Someone@Example.com"
    assert canonicalize_url("javascript:void(0)") == "javascript:void(0)"


def test_tracking_params_and_same_article():
    assert is_tracking_param("UTM_Source") and is_tracking_param("fbclid") and not is_tracking_param("id")
    assert same_article_url("https://Example.com/a?utm_source=x#top", "https://example.com/a")
    assert not same_article_url("https://example.com/a?id=1", "https://example.com/a?id=2")
