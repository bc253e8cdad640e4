"""Patch tests: recorded and reviewed by the team (records' pages), read by bookings' session-1 rule."""
