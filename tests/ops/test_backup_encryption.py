"""age encryption: the archive is unreadable without the key, restores with it, and a wrong key is refused."""

import pyrage

from .scratch import check


def keypair(path):
    identity = pyrage.x25519.Identity.generate()
    path.write_text(f"# created: for the test\n{identity}\n")
    return str(identity.to_public())


def test_encrypt_then_restore_with_the_key(clinic, tmp_path):
    clinic.env["BACKUP_AGE_RECIPIENTS"] = keypair(tmp_path / "key.txt")
    out = check(clinic.manage("backup"))
    [archive] = clinic.archives()
    assert archive.name.endswith(".tar.age") and ", encrypted)" in out
    data = archive.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert b"manifest.json" not in data and b"PGDMP" not in data and b"%PDF" not in data
    assert clinic.query("SELECT encrypted FROM ops_backup") == [(True,)]
    before, files = clinic.fingerprints(), clinic.files()

    clinic.wipe()
    check(clinic.manage("restore", str(archive), BACKUP_AGE_IDENTITY=str(tmp_path / "key.txt")))
    after = clinic.fingerprints()
    assert {t: v for t, v in after.items() if t != "ops_backup"} == {
        t: v for t, v in before.items() if t != "ops_backup"
    }
    assert clinic.files() == files


def test_a_wrong_key_or_none_is_refused_and_nothing_is_touched(clinic, tmp_path):
    clinic.env["BACKUP_AGE_RECIPIENTS"] = keypair(tmp_path / "key.txt")
    check(clinic.manage("backup"))
    [archive] = clinic.archives()
    keypair(tmp_path / "other.txt")
    before, files = clinic.fingerprints(), clinic.files()

    wrong = clinic.manage("restore", "--force", str(archive), BACKUP_AGE_IDENTITY=str(tmp_path / "other.txt"))
    assert wrong.returncode == 1
    assert "cannot decrypt the archive with BACKUP_AGE_IDENTITY" in wrong.stderr
    assert "wrong key, or the archive is damaged; nothing was restored" in wrong.stderr
    missing = clinic.manage("restore", "--force", str(archive))
    assert missing.returncode == 1
    assert "the archive is encrypted: set BACKUP_AGE_IDENTITY" in missing.stderr
    archive.write_bytes(archive.read_bytes()[:-200])  # cut short: age's last chunk is missing
    cut = clinic.manage("restore", "--force", str(archive), BACKUP_AGE_IDENTITY=str(tmp_path / "key.txt"))
    assert cut.returncode == 1 and "cannot decrypt" in cut.stderr
    assert clinic.fingerprints() == before and clinic.files() == files


def test_a_recipient_that_is_not_a_key_fails_the_backup_by_name(clinic):
    result = clinic.manage("backup", BACKUP_AGE_RECIPIENTS="age1notakey")
    assert result.returncode == 1
    assert "BACKUP_AGE_RECIPIENTS: age1notakey… is not an age x25519 public key" in result.stderr
    assert clinic.archives() == []
    assert clinic.query("SELECT status FROM ops_backup") == [("failed",)]
