"""Backups that restore: one archive of the database and the stored files, checked on the way back.

archive (tar + manifest) · postgres (pg_dump / pg_restore) · pgtools (which binaries, which server) ·
files (the default storage) · encryption (age) · storage (where archives go) · retention · services.
"""
