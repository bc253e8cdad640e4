"""Local development stack: embedded PostgreSQL and Redis, and the `make run` supervisor."""
