"""Writes for quotes: drafts (priced from the list), issuing (numbered, PDF), and the client's answer."""

from .drafts import QuoteError, save_draft
from .issuing import issue_quote

__all__ = ["QuoteError", "issue_quote", "save_draft"]
