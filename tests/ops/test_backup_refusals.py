"""restore refuses what it must not overwrite or cannot trust, and then has touched nothing."""

import io
import json
import tarfile

import pytest

from .scratch import check


@pytest.fixture
def backed_up(clinic):
    check(clinic.manage("backup"))
    [archive] = clinic.archives()
    return clinic, archive


def test_restore_refuses_a_database_with_tables(backed_up):
    clinic, archive = backed_up
    before, files = clinic.fingerprints(), clinic.files()
    result = clinic.manage("restore", str(archive))
    assert result.returncode == 1
    assert f"the database '{clinic.name}' has {len(before)} tables" in result.stderr
    assert "restore needs an empty database and file store (--force" in result.stderr
    assert clinic.fingerprints() == before and clinic.files() == files


def test_restore_refuses_a_file_store_with_files(backed_up):
    clinic, archive = backed_up
    files = clinic.files()
    clinic.wipe()
    (clinic.media / "left-over.txt").write_text("someone's file")
    result = clinic.manage("restore", str(archive))
    assert result.returncode == 1
    assert "has 0 tables and the file store 1 files" in result.stderr
    assert clinic.tables() == [] and clinic.files() == {"left-over.txt": b"someone's file"}
    assert files


def test_force_replaces_what_is_there(backed_up):
    clinic, archive = backed_up
    before, files = clinic.fingerprints(), clinic.files()
    clinic.query("UPDATE clients_client SET full_name = 'Changed Since' WHERE email = 'client@demo.clinic'")
    clinic.query("CREATE TABLE stray (id int); INSERT INTO stray VALUES (1)")
    assert clinic.fingerprints() != before
    (clinic.media / "stray.bin").write_bytes(b"\x00stray")
    (clinic.media / "clients" / "photos" / "crown before.jpg").write_bytes(b"changed")
    out = check(clinic.manage("restore", "--force", str(archive)))
    assert "row counts, file checksums and migrations match" in out
    after = clinic.fingerprints()
    assert "stray" not in after
    assert {t: v for t, v in after.items() if t != "ops_backup"} == {
        t: v for t, v in before.items() if t != "ops_backup"
    }
    assert clinic.files() == files


def damage(archive, how: str) -> None:
    data = archive.read_bytes()
    if how == "truncated":
        archive.write_bytes(data[: len(data) // 2])
    elif how == "no manifest":  # cut off just before the last member, as a copy stopped early would be
        archive.write_bytes(data[: data.rindex(b"manifest.json") - 512])
    elif how == "a flipped byte":
        middle = len(data) // 3
        archive.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    else:
        archive.write_bytes(b"")


@pytest.mark.parametrize("how", ["truncated", "no manifest", "a flipped byte", "empty"])
def test_a_damaged_archive_is_refused_before_anything_is_touched(backed_up, how):
    clinic, archive = backed_up
    damage(archive, how)
    before, files = clinic.fingerprints(), clinic.files()
    # Even with --force: the archive is checked before the database or the files are.
    result = clinic.manage("restore", "--force", str(archive))
    assert result.returncode == 1, result.stdout
    assert "archive incomplete or damaged" in result.stderr
    assert "nothing was restored" in result.stderr
    assert clinic.fingerprints() == before and clinic.files() == files


@pytest.mark.parametrize("source", ["clinic-backup-20200101T000000Z.tar", "/nowhere/clinic-backup.tar"])
def test_an_archive_that_is_not_there_is_refused_by_name(clinic, source):
    result = clinic.manage("restore", source)
    assert result.returncode == 1
    assert f"no archive {source!r}: neither a file here nor a name in the backups storage" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_archive_of_a_newer_postgresql_is_refused_by_name(backed_up):
    clinic, archive = backed_up
    # The same archive, its manifest saying it came from a PostgreSQL newer than this one.
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar]
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if info.name == "manifest.json":
                data = json.dumps({**json.loads(data), "server_version": 99}).encode()
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    before = clinic.fingerprints()
    result = clinic.manage("restore", "--force", str(archive))
    assert result.returncode == 1
    assert "the archive is of a PostgreSQL 99 database and this server is PostgreSQL" in result.stderr
    assert clinic.fingerprints() == before
