"""Writes for quotes: drafts (priced from the list), issuing (numbered, PDF), and the client's answer."""

from .answers import accept_quote, decline_quote, expire_quotes, revise_quote
from .drafts import QuoteError, save_draft
from .issuing import issue_quote

__all__ = ["QuoteError", "accept_quote", "decline_quote", "expire_quotes", "issue_quote", "revise_quote", "save_draft"]
