"""A seeded demo clinic, built once (migrate, seed_demo, a quote PDF, a binary photo) and copied per test."""

import os
import shutil

import pytest

from .scratch import Clinic, admin, check, new_name

# Not image data, but bytes a text round trip would break (every byte value, NULs, a JPEG's first bytes).
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 64 + os.urandom(4096)
ISSUE_QUOTE = """
from clients.models import Client
from quotes.services import issue_quote, save_draft
client = Client.objects.get(email="client@demo.clinic")
quote = issue_quote(quote_id=save_draft(client=client, treatment_type="full_head", extent_scale="norwood", extent_stage=5).pk)
print(quote.pdf.name)
"""


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    base = tmp_path_factory.mktemp("template")
    clinic = Clinic(name=new_name("tpl"), media=base / "media", backups=base / "backups")
    clinic.media.mkdir()
    admin(f'CREATE DATABASE "{clinic.name}"')
    try:
        check(clinic.manage("migrate", "--no-input", "-v0"))
        check(clinic.manage("seed_demo"))
        check(clinic.manage("shell", "-c", ISSUE_QUOTE))
        (clinic.media / "clients" / "photos").mkdir(parents=True)
        (clinic.media / "clients" / "photos" / "crown before.jpg").write_bytes(PHOTO)
        yield clinic
    finally:
        clinic.drop()


@pytest.fixture
def clinic(seeded_template, tmp_path):
    """A copy of the seeded clinic in a database `hb_drill_…` of its own, dropped at the end."""
    copy = Clinic(name=new_name("drill"), media=tmp_path / "media", backups=tmp_path / "backups")
    admin(f'CREATE DATABASE "{copy.name}" TEMPLATE "{seeded_template.name}"')
    shutil.copytree(seeded_template.media, copy.media)
    try:
        yield copy
    finally:
        copy.drop()
