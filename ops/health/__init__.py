"""Readiness: /health/ asks each part the clinic needs whether it is up (no personal data in the answer)."""
