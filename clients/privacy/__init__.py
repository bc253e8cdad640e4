"""UK GDPR: everything held about a client as a ZIP (export), and erasure that keeps the financial records."""

from .erasure import ErasureError, erase_client
from .export import export_client

__all__ = ["ErasureError", "erase_client", "export_client"]
