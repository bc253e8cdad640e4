"""Prometheus metrics at /metrics: request latency by view (middleware) and the clinic's figures (database)."""
