"""What the reports read: one module per section, each a fixed number of queries."""
