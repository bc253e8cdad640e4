"""Where archives go: a directory, written whole or not at all, or an S3-compatible bucket (moto's server)."""

import socket

import boto3
import pytest
from django.core.files.base import ContentFile, File

from ops.backups.storage import AtomicFileSystemStorage

from .scratch import check


class Interrupted(File):
    """Content whose copy fails half-way (a full disk, a killed upload)."""

    def chunks(self, chunk_size=None):
        yield b"half an archive"
        raise OSError("No space left on device")


def test_a_copy_that_fails_half_way_leaves_nothing_under_the_name(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space left"):
        storage.save("clinic-backup-20261201T030000Z.tar", Interrupted(None, name="x"))
    assert list(tmp_path.iterdir()) == []


def test_archives_are_the_owners_alone_and_never_overwritten(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path / "backups")
    storage.save("a.tar", ContentFile(b"whole"))
    assert (tmp_path / "backups" / "a.tar").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    with pytest.raises(FileExistsError):
        storage._save("a.tar", ContentFile(b"other"))
    assert (tmp_path / "backups" / "a.tar").read_bytes() == b"whole"


@pytest.fixture
def s3():
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {
        "BACKUP_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "BACKUP_S3_BUCKET": "clinic-backups",
        "BACKUP_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "BACKUP_S3_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    client = boto3.client(
        "s3",
        endpoint_url=env["BACKUP_S3_ENDPOINT_URL"],
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket="clinic-backups", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    try:
        yield client, env
    finally:
        server.stop()


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket="clinic-backups").get("Contents", []))


def test_backup_to_s3_restore_from_s3_by_name_and_retention_there(clinic, s3):
    client, env = s3
    client.put_object(Bucket="clinic-backups", Key="clinic-backup-20200106T030000Z.tar", Body=b"an old archive")
    client.put_object(Bucket="clinic-backups", Key="notes.txt", Body=b"not ours")
    clinic.env.update(env, BACKUP_KEEP_DAILY="1", BACKUP_KEEP_WEEKLY="1")
    out = check(clinic.manage("backup"))
    [name] = [key for key in keys(client) if key.startswith("clinic-backup-2026")]
    assert f"wrote {name}" in out
    # The old archive went by retention, through the bucket's listing; the other object stayed.
    assert keys(client) == [name, "notes.txt"]
    assert not clinic.backups.exists() or clinic.archives() == []
    before, files = clinic.fingerprints(), clinic.files()

    clinic.wipe()
    check(clinic.manage("restore", name))
    after = clinic.fingerprints()
    assert {t: v for t, v in after.items() if t != "ops_backup"} == {
        t: v for t, v in before.items() if t != "ops_backup"
    }
    assert clinic.files() == files
