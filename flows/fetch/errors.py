"""Errors used inside the fetch layer. None escapes `fetch_all`: each becomes an outcome label.

    FetchError                base: carries the outcome label and a message
    ├── RefusedError          we decided not to send the request (bad_scheme, blocked_address, robots...)
    └── ResponseError         the response broke a rule while we read it (too_large, bad_encoding, ...)
"""

from __future__ import annotations


class FetchError(Exception):
    """A failed fetch step, labelled with the outcome it records."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message


class RefusedError(FetchError):
    """No request was sent: the URL, its address or robots.txt forbade it."""


class ResponseError(FetchError):
    """The response was refused while it was being read."""
