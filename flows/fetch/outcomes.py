"""Outcome labels of fetch attempts and results, and whether each is transient or permanent.

Labels are stored in `fetches.outcome` and counted per run, so they are a stable vocabulary:

    ok                  2xx with a body we keep
    not_modified        304 after a conditional GET (no body)
    unchanged           2xx whose body hashes to the previous body (validators ignored by the server)
    redirect            one hop of a redirect chain (an intermediate attempt)
    robots_disallowed   robots.txt forbids the URL for our user agent
    too_large           the body passed max_bytes after decompression
    timeout             connect/read timeout, or the total-time cap per response
    connect_error       refused, reset, TLS failure
    read_error          the connection broke while reading the response
    dns_error           the host name did not resolve
    http_<code>         any other status, e.g. http_404, http_410, http_429, http_503
    blocked_address     the host resolved to a private/loopback/link-local/metadata address
    bad_scheme          not http(s): file:, javascript:, ftp:, mailto: ...
    bad_url             unparsable URL
    bad_content_type    an article that is not HTML
    bad_encoding        a Content-Encoding we cannot decode
    redirect_loop       a redirect chain came back to a URL it had visited
    too_many_redirects  more than max_redirects hops
    internal_error      a bug in the fetcher, caught so the other URLs carry on (please report)
"""

from __future__ import annotations

OK = "ok"
TRANSIENT = "transient"
PERMANENT = "permanent"

SUCCESS_OUTCOMES = frozenset({"ok", "not_modified", "unchanged", "redirect"})
# Worth trying again on a later night (the flow's backoff decides when); retried within a call only
# for connect_error, read_error, 5xx and 429 (see client.RETRYABLE_IN_CALL).
TRANSIENT_OUTCOMES = frozenset({"timeout", "connect_error", "read_error", "dns_error"})
TRANSIENT_STATUSES = frozenset({408, 425, 429})


def http_outcome(status: int) -> str:
    """The label for an HTTP status that is neither success, 304 nor a followed redirect."""
    return f"http_{status}"


def status_of(outcome: str) -> int | None:
    """The HTTP status inside an http_<code> label, else None."""
    if outcome.startswith("http_") and outcome[5:].isdigit():
        return int(outcome[5:])
    return None


def outcome_class(outcome: str) -> str:
    """"ok", "transient" or "permanent" for an outcome label."""
    if outcome in SUCCESS_OUTCOMES:
        return OK
    if outcome in TRANSIENT_OUTCOMES:
        return TRANSIENT
    status = status_of(outcome)
    if status is not None and (status >= 500 or status in TRANSIENT_STATUSES):
        return TRANSIENT
    return PERMANENT


def is_transient(outcome: str) -> bool:
    """True when the failure may go away by itself."""
    return outcome_class(outcome) == TRANSIENT
