"""Photos: upload → thumbnails ready for a 12-megapixel JPEG, memory per processed photo, the comparison's queries.

- "upload → ready": `add_photo` (check, orientation, metadata stripped, re-encoded, stored) and then the sizes
  task (display size and thumbnail), in this process, as the request and the worker do; median of RUNS.
  With --worker the task goes through the real Redis to a real `celery worker` (queue latency included).
- memory: peak RSS growth (VmHWM, in a fresh process) over the first 12-MP photo processed after warm-up, and RSS after
  RUNS more (flat: nothing kept). Pillow's pixel buffers are C allocations, so tracemalloc can't see them.
- the comparison page (`photos:compare`) for a client with 1 and with 4 sessions, 6 angles each: its SQL
  query count (the same for both) and its time.

Run with `python benchmarks/photo_pipeline.py [--worker]` with DATABASE_URL (and REDIS_URL) set; uses `<name>_bench`
and a temporary MEDIA_ROOT.
"""

import io
import os
import resource
import statistics
import sys
import tempfile
import time

from benchdb import fresh_django, save_result, time_requests

RUNS = 5


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_mb() -> float:
    """This process's peak RSS: VmHWM (getrusage's ru_maxrss would carry the parent's peak over exec)."""
    for line in open("/proc/self/status"):  # noqa: SIM115
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phone_photo(size=(4000, 3000)) -> bytes:
    """A 12-MP JPEG shaped like a phone's: smooth skin tones, fine texture (noise), EXIF with GPS; ~3-5 MB."""
    from PIL import Image, ImageDraw, ImageFilter

    base = Image.linear_gradient("L").resize(size).convert("RGB")
    base = Image.blend(base, Image.new("RGB", size, (205, 170, 140)), 0.7)
    draw = ImageDraw.Draw(base)
    draw.ellipse((600, 300, 3400, 2900), fill=(190, 150, 120))
    noise = Image.effect_noise(size, 40).convert("RGB")
    image = Image.blend(base.filter(ImageFilter.SMOOTH), noise, 0.10)
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone upright
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def main() -> int:
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-photos-")
    fresh_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from clients.models import Client
    from photos.services import add_photo, make_photo_sizes

    client = Client.objects.create(full_name="Bench Client", email="bench@example.com", phone="+447911123456")
    data = phone_photo()
    print(f"Test photo: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB")

    def upload_and_ready() -> float:
        started = time.perf_counter()
        with transaction.atomic():  # the task is queued on commit: called directly below instead
            photo = add_photo(client=client, purpose="intake", angle="crown", upload=SimpleUploadedFile("p.jpg", data))
        done = make_photo_sizes(photo_id=photo.pk)
        assert done.status == "ready", done.status
        return time.perf_counter() - started

    from django.conf import settings

    settings.CELERY_TASK_ALWAYS_EAGER = False
    from clinic.celery import app

    app.conf.task_always_eager = False
    import photos.services as services

    services._queue_sizes = lambda photo_id: None  # measured explicitly (or by the worker with --worker)

    peak_growth = measure_in_child(data)  # a fresh process: making the test photo raised this one's peak
    before_rss = rss_mb()
    times = [upload_and_ready() for _ in range(RUNS)]
    after_rss = rss_mb()
    median = statistics.median(times)
    print(f"upload → ready (in process), median of {RUNS}: {median:.2f} s (first {times[0]:.2f} s)")
    print(f"peak RSS growth processing one 12-MP photo (fresh process): {peak_growth:.0f} MB")
    print(f"RSS before {RUNS} more: {before_rss:.0f} MB, after: {after_rss:.0f} MB")

    worker_seconds = None
    if "--worker" in sys.argv:
        worker_seconds = through_worker(client, data)
        print(f"upload → ready through Redis and a real worker: {worker_seconds:.2f} s")

    queries = compare_queries()
    for sessions, figures in queries.items():
        print(
            f"comparison page, {sessions} session(s): {figures['queries']} queries, median {figures['median']:.1f} ms"
        )
    save_result(
        "photos",
        {
            "upload_to_ready_s": median,
            "peak_rss_growth_mb": peak_growth,
            "rss_after_runs_mb": after_rss,
            "worker_upload_to_ready_s": worker_seconds,
            "compare_queries": {k: v["queries"] for k, v in queries.items()},
        },
    )
    return 0


def measure_in_child(data: bytes) -> float:
    import subprocess

    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as f:
        f.write(data)
    out = subprocess.run(
        [sys.executable, __file__, "--measure-one", f.name], capture_output=True, text=True, check=True, env=os.environ
    )
    os.unlink(f.name)
    return float(out.stdout.strip().splitlines()[-1])


def measure_one(path: str) -> None:
    """In a fresh process: Django up, Pillow warmed on a small photo, then one 12-MP photo; print the peak growth."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    import photos.services as services
    from clients.models import Client

    services._queue_sizes = lambda photo_id: None
    client = Client.objects.get(email="bench@example.com")
    data = open(path, "rb").read()  # noqa: SIM115
    for content in (phone_photo((400, 300)), data):
        start_peak = peak_mb()
        with transaction.atomic():
            photo = services.add_photo(
                client=client, purpose="intake", angle="top", upload=SimpleUploadedFile("p.jpg", content)
            )
        services.make_photo_sizes(photo_id=photo.pk)
    print(peak_mb() - start_peak)


def through_worker(client, data: bytes) -> float:
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    import photos.services as services
    from photos.models import Photo
    from photos.tasks import make_photo_sizes
    from tests.integration_support import celery_worker, wait_for

    services._queue_sizes = lambda photo_id: make_photo_sizes.delay(photo_id)
    mail_dir = Path(tempfile.mkdtemp(prefix="bench-photos-mail-")) / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir=mail_dir, concurrency=1):
        started = time.perf_counter()
        photo = services.add_photo(
            client=client, purpose="intake", angle="back", upload=SimpleUploadedFile("p.jpg", data)
        )
        wait_for(lambda: Photo.objects.filter(pk=photo.pk, status="ready").exists(), timeout=60, what="the worker")
        return time.perf_counter() - started


def compare_queries() -> dict:
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client as Browser
    from django.urls import reverse
    from django.utils import timezone

    from bookings.models import Appointment, Artist, Service, TreatmentPlan
    from clients.models import Client
    from clinic.users import roles
    from clinic.users.models import User
    from photos.models import Angle, Photo
    from photos.services import add_photo, make_photo_sizes

    staff = User.objects.create_user(email="bench-staff@example.com", password="bench-password-123")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    artist = Artist.objects.create(display_name="Bench Artist", calendar_colour="#3d5a80")
    service = Service.objects.get(slug=Service.FOLLOW_UP_SESSION)
    small = phone_photo((400, 300))
    browser = Browser()
    browser.force_login(staff)
    out = {}
    for sessions in (1, 4):
        client = Client.objects.create(
            full_name=f"Compare {sessions}", email=f"c{sessions}@example.com", phone="+447911123456"
        )
        plan = TreatmentPlan.objects.create(
            client=client,
            artist=artist,
            treatment_type="crown",
            session_count=max(sessions, 3),
            fourth_session_reason="bench" if sessions == 4 else "",
        )
        start = timezone.now() - timedelta(days=200 + 7 * sessions)  # the two clients' sessions don't overlap
        for number in range(1, sessions + 1):
            s = start + timedelta(days=30 * number)
            appointment = Appointment.objects.create(
                artist=artist,
                service=service,
                client=client,
                plan=plan,
                session_number=number,
                start=s,
                end=s + timedelta(hours=2),
                blocked_until=s + timedelta(hours=2),
                status="attended",
            )
            for angle in Angle.values:
                for purpose in ("session_before", "session_after"):
                    photo = add_photo(
                        client=client,
                        purpose=purpose,
                        angle=angle,
                        appointment=appointment,
                        upload=SimpleUploadedFile("p.jpg", small),
                    )
                    make_photo_sizes(photo_id=photo.pk)
        assert Photo.objects.filter(client=client).count() == sessions * 12
        url = reverse("photos:compare", args=[client.pk]) + "?angle=crown"
        out[sessions] = time_requests(browser, url, requests=20, warmup=2)
    return out


if __name__ == "__main__":
    if "--measure-one" in sys.argv:
        measure_one(sys.argv[-1])
        raise SystemExit(0)
    raise SystemExit(main())
