"""Production serves static files from a collectstatic manifest: collecting must succeed with that storage."""

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_a_manifest_storage(tmp_path):
    # Django's manifest storage: the reference checks of production's WhiteNoise subclass, without
    # its compression (half a minute of brotli on this machine).
    manifest_storage = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": manifest_storage}):
        # Fails on a reference to a missing file (a vendored source-map comment did, once).
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
