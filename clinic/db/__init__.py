"""Django's PostgreSQL backend, waiting out a database restart (DATABASES ENGINE "clinic.db")."""
