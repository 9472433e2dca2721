"""Canonical URLs: one spelling per article, so the same story reached by two links is stored once."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

# Query parameters that only track the click (campaigns, ad and mail platforms, share widgets).
# They never select content, so two links differing only in them point at the same article.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
    "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "mkt_tok", "_hsenc", "_hsmi", "hsctatracking", "vero_id",
    "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "xtor", "smid", "cmpid", "ocid", "ncid", "spm",
    "ito", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT = re.compile(r"%[0-9a-fA-F]{2}")


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that only tracks the click."""
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _netloc(scheme: str, parts) -> str:
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return netloc


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the default port, fragment and tracking parameters, sort the rest.

    Parameters keep their original encoding (only the hex of %-escapes is upper-cased), so the result
    still fetches the same page; only http(s) URLs are rewritten, anything else comes back stripped.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    path = _PCT.sub(lambda m: m.group(0).upper(), parts.path) or "/"
    pieces = [p for p in parts.query.split("&") if p]
    kept = [p for p in pieces if not is_tracking_param(unquote_plus(p.split("=", 1)[0]))]
    query = "&".join(sorted(_PCT.sub(lambda m: m.group(0).upper(), p) for p in kept))
    return urlunsplit((scheme, _netloc(scheme, parts), path, query, ""))


def same_article_url(a: str, b: str) -> bool:
    """True when two links canonicalise to the same URL."""
    return canonicalize_url(a) == canonicalize_url(b)
