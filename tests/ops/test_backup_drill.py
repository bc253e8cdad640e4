"""THE DRILL: seeded clinic + stored files → backup → wipe database and files → restore → the same rows and bytes."""

import json
import os
import tarfile

from redis import Redis

from .scratch import check

CALENDAR_VERSION = "clinic:1:bookings:calendar-version"


def test_backup_wipe_restore_gives_back_every_row_and_every_byte(clinic):
    check(clinic.manage("backup"))  # an earlier backup: its row is data like any other
    out = check(clinic.manage("backup"))
    _first, archive = clinic.archives()
    assert f"wrote {archive.name}" in out
    tables, files = clinic.fingerprints(), clinic.files()
    assert any(name.startswith("quotes/") and name.endswith(".pdf") for name in files)
    assert "clients/photos/crown before.jpg" in files
    [(backup_id,)] = clinic.query("SELECT id FROM ops_backup WHERE name = %s", [archive.name])
    other_backups = "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM ops_backup t WHERE id <> %s"
    backups_before = clinic.query(other_backups, [backup_id])

    clinic.wipe()
    assert clinic.tables() == [] and clinic.files() == {}
    redis = Redis.from_url(os.environ["REDIS_URL"])  # the scratch clinic's cache (local settings: REDIS_URL)
    redis.set(CALENDAR_VERSION, "before the restore")

    out = check(clinic.manage("restore", str(archive)))
    assert "row counts, file checksums and migrations match" in out
    after = clinic.fingerprints()
    assert after.keys() == tables.keys()
    assert len(tables) > 50
    # ops_backup holds the backup's own row as it was during the dump ("running"); restore completes it,
    # so that one row is compared by what it says, every other row of every table byte for byte.
    for table in tables.keys() - {"ops_backup"}:
        assert after[table] == tables[table], table
    own_row = "SELECT status, name FROM ops_backup WHERE id = %s"
    assert clinic.query(own_row, [backup_id]) == [("succeeded", archive.name)]
    assert after["ops_backup"][0] == tables["ops_backup"][0]
    assert clinic.query(other_backups, [backup_id]) == backups_before
    assert clinic.files() == files
    assert redis.get(CALENDAR_VERSION) not in (None, b"before the restore")  # cached availability retired
    rows = sum(count for count, _ in after.values())
    print(f"drill: {len(after)} tables, {rows} rows, {len(files)} files ({sum(map(len, files.values()))} bytes) equal")


def test_the_manifest_says_what_the_archive_holds(clinic):
    check(clinic.manage("backup"))
    [archive] = clinic.archives()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "database.dump" and names[-1] == "manifest.json"
    assert manifest["app_version"] != "" and manifest["pg_dump_version"] >= 15
    applied: dict[str, list[str]] = {}
    for app, name in clinic.query("SELECT app, name FROM django_migrations ORDER BY id"):
        applied.setdefault(app, []).append(name)
    assert manifest["migrations"] == applied
    assert "0002_backup_pruned_at" in manifest["migrations"]["ops"]
    assert manifest["tables"]["clients_client"] == clinic.query("SELECT count(*) FROM clients_client")[0][0]
    photo = manifest["members"]["files/clients/photos/crown before.jpg"]
    assert photo["size"] == len(clinic.files()["clients/photos/crown before.jpg"])
    assert len(photo["sha256"]) == 64
