"""Demo data for `make run`: safe to run any number of times (everything is upserted by natural key)."""

import os
from datetime import time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from aftercare.services.schedules import generate_aftercare_schedule
from bookings.models import Appointment, Artist, TreatmentPlan, WorkingHours
from bookings.selectors import propose_session_dates, session_service
from bookings.services import create_plan, schedule_session
from bookings.services.checks import appointment_times
from clients.models import Client, TreatmentType
from clients.services import record_consent, record_screening
from clinic.audit import changed_because
from clinic.clock import clinic_tz, local_instant, local_today
from clinic.users import roles
from clinic.users.models import User
from demo.diary import seed_diary

DOMAIN = "demo.clinic"
ARTISTS = [
    # name, colour, {weekday: [(start, end), ...]}
    ("Sam Okafor", "#3d5a80", {d: [(time(9), time(12, 30)), (time(13, 30), time(17, 30))] for d in range(5)}),
    ("Priya Shah", "#ee6c4d", {d: [(time(10), time(13)), (time(14), time(18))] for d in range(1, 6)}),
    ("Tom Becker", "#2a9d8f", {d: [(time(12), time(20))] for d in (0, 2, 3)}),
]
# The website's team section (no photos: the page shows initials until the clinic uploads some).
BIOS = {
    "Sam Okafor": "Sam has worked in SMP for ten years and trains new artists. Natural, age-appropriate hairlines "
    "are his speciality.",
    "Priya Shah": "Priya came to SMP from medical tattooing. She looks after most of our density, female hair loss "
    "and scar camouflage clients.",
    "Tom Becker": "Tom works the late shifts for clients who come after work; full-head treatments and crowns "
    "are most of his week.",
}


class Command(BaseCommand):
    help = "Create or refresh demo users, artists with working hours, and a client; print the logins."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "smp-demo-2026")
        with transaction.atomic(), changed_because("Command seed_demo"):
            logins = self._seed(password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready for {settings.CLINIC_NAME}. Logins (password: {password}):")
        )
        for role, email in logins:
            self.stdout.write(f"  {role:<22} {email}")

    def _user(self, email: str, name: str, password: str, *, group: str, is_staff=False, is_superuser=False) -> User:
        user, _ = User.objects.update_or_create(
            email=email, defaults={"full_name": name, "is_staff": is_staff, "is_superuser": is_superuser}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
        return user

    def _seed(self, password: str) -> list[tuple[str, str]]:
        logins = []
        manager = self._user(
            f"manager@{DOMAIN}", "Morgan Reid", password, group=roles.STAFF, is_staff=True, is_superuser=True
        )
        manager.groups.add(Group.objects.get_or_create(name=roles.MANAGER)[0])
        logins.append(("Manager (admin)", manager.email))
        reception = self._user(f"reception@{DOMAIN}", "Riley Chen", password, group=roles.STAFF, is_staff=True)
        logins.append(("Staff (reception)", reception.email))
        for name, colour, week in ARTISTS:
            email = f"{name.split()[0].lower()}@{DOMAIN}"
            user = self._user(email, name, password, group=roles.ARTIST)
            artist, _ = Artist.objects.update_or_create(
                user=user,
                defaults={"display_name": name, "calendar_colour": colour, "is_active": True, "bio": BIOS[name]},
            )
            for weekday, intervals in week.items():
                for start, end in intervals:
                    WorkingHours.objects.update_or_create(
                        artist=artist, weekday=weekday, start_time=start, defaults={"end_time": end}
                    )
            logins.append((f"Artist ({name})", email))
        client_user = self._user(f"client@{DOMAIN}", "Jamie Walsh", password, group=roles.CLIENT)
        client, _ = Client.objects.update_or_create(
            email=client_user.email,
            defaults={
                "user": client_user,
                "full_name": client_user.full_name,
                "phone": "+447911123456",
                "concern": TreatmentType.HAIRLINE,
                "contact_consent": True,
            },
        )
        logins.append(("Client", client_user.email))
        self._demo_plan(client, artist=Artist.objects.get(display_name=ARTISTS[0][0]), staff=reception)
        healing_user = self._user(f"aftercare@{DOMAIN}", "Chris Doyle", password, group=roles.CLIENT)
        healing, _ = Client.objects.update_or_create(
            email=healing_user.email,
            defaults={"user": healing_user, "full_name": healing_user.full_name, "phone": "+447911123458"},
        )
        logins.append(("Client in aftercare", healing_user.email))
        self._demo_aftercare(healing, artist=Artist.objects.get(display_name=ARTISTS[1][0]), staff=reception)
        # Someone who phoned and has no e-mail address yet: reached by phone, no portal login.
        Client.objects.update_or_create(
            full_name="Alex Kerr", email="", defaults={"phone": "+447911123459", "concern": TreatmentType.CROWN}
        )
        seed_diary(domain=DOMAIN)  # consultations today, tomorrow and in the weeks before
        self.stdout.write(f"  {Appointment.objects.count()} appointments in the database.")
        return logins

    def _demo_plan(self, client, *, artist, staff) -> None:
        """The demo client is screened, has consented, and has a plan with its sessions scheduled (once)."""
        if client.plans.exists():
            return
        record_screening(client=client, answers={}, recorded_by=staff)
        record_consent(client=client, typed_name=client.full_name, recorded_by=staff)
        plan = create_plan(client=client, artist=artist, treatment_type="hairline", created_by=staff)
        for proposal in propose_session_dates(plan=plan):
            if proposal.slot:
                schedule_session(plan_id=plan.pk, number=proposal.number, start=proposal.slot.start)

    def _demo_aftercare(self, client, *, artist, staff) -> None:
        """A client whose three sessions are behind them: the final one six days ago, so aftercare is on day 6.

        Past sessions can't be booked through the services (they refuse the past), so this history is
        written directly, then the aftercare schedule is generated as completing the plan would.
        """
        if client.plans.exists():
            return
        record_screening(client=client, answers={}, recorded_by=staff)
        record_consent(client=client, typed_name=client.full_name, recorded_by=staff)
        plan = create_plan(client=client, artist=artist, treatment_type="crown", created_by=staff)
        today = local_today()
        sessions = []
        for number, days_ago in ((1, 40), (2, 28), (3, 6)):
            service = session_service(number)
            start = local_instant(today - timedelta(days=days_ago), time(10), clinic_tz())
            end, blocked_until = appointment_times(artist=artist, service=service, start=start)
            sessions.append(
                Appointment.objects.create(
                    artist=artist,
                    service=service,
                    client=client,
                    plan=plan,
                    session_number=number,
                    start=start,
                    end=end,
                    blocked_until=blocked_until,
                    status=Appointment.Status.ATTENDED,
                    source=Appointment.Source.STAFF,
                )
            )
        plan.status, plan.completed_at = TreatmentPlan.Status.COMPLETED, sessions[-1].end
        plan.save(update_fields=["status", "completed_at"])
        generate_aftercare_schedule(session=sessions[-1], purpose="final")
