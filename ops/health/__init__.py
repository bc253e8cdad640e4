"""Readiness: /health/ asks each part the clinic needs whether it is up (no personal data in the answer).

A small view of our own rather than django-health-check: the answer's shape (per component a status,
whether the clinic needs it, and figures; "warn"; 503 only for a required component) is ours, the
checks are a few lines each, and the ones that matter most (worker heartbeat, dispatcher, outbox,
backups) are ours to write either way.
"""
