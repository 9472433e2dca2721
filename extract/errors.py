"""Errors raised by the pure extraction layer.

    ExtractError                 base of everything this package raises
    ├── FeedParseError           the bytes hold no usable feed (HTML page, empty document, hopeless XML)
    └── ArticleExtractError      the page holds no readable article text

All are permanent for the input that caused them: retrying the same bytes gives the same error.
"""


class ExtractError(Exception):
    """Base class of extraction errors."""


class FeedParseError(ExtractError):
    """The bytes are not a feed we can read."""


class ArticleExtractError(ExtractError):
    """No article text could be extracted from the page."""
