"""Backups that restore: one archive of the database and the stored files, checked on the way back.

services (make a backup, its Backup row, the daily one) · restore (refuse, restore, check) · archive (tar +
manifest) · postgres (snapshot, pg_dump, pg_restore) · pgtools (which binaries, libpq environment) · files
(the default storage) · encryption (age) · storage (where archives go) · retention (what to keep).
"""
