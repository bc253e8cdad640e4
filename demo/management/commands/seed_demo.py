"""Demo data for `make run`: safe to run any number of times (everything is upserted by natural key)."""

import os
from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

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
from demo.diary import seed_diary, seed_first_consultation
from payments.services.ledger import record_payment
from payments.services.storing import receipts_to_store, store_receipt
from quotes.models import Quote
from quotes.services import issue_quote, save_draft

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
        for receipt_id in receipts_to_store(limit=100):  # here, not only by a worker: `make run` shows them at once
            store_receipt(receipt_id=receipt_id)
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
        # Each treatment client's journey began with the free consultation, before their quote (the funnel).
        seed_first_consultation(client, days_ago=7)
        self._demo_plan(client, artist=Artist.objects.get(display_name=ARTISTS[0][0]), staff=reception)
        # A deposit and a payment at the desk, the rest still to pay; the client in aftercare has paid in full.
        self._demo_money(client, staff=reception, paid=[("deposit", 3, "card_desk"), ("payment", 1, "bank_transfer")])
        healing_user = self._user(f"aftercare@{DOMAIN}", "Chris Doyle", password, group=roles.CLIENT)
        healing, _ = Client.objects.update_or_create(
            email=healing_user.email,
            defaults={"user": healing_user, "full_name": healing_user.full_name, "phone": "+447911123458"},
        )
        logins.append(("Client in aftercare", healing_user.email))
        seed_first_consultation(healing, days_ago=50)
        self._demo_aftercare(healing, artist=Artist.objects.get(display_name=ARTISTS[1][0]), staff=reception)
        self._demo_money(healing, staff=reception, paid=[("deposit", 45, "card_desk"), ("payment", 6, "cash")])
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

    def _demo_money(self, client, *, staff, paid) -> None:
        """The client's plan from an accepted quote, with desk payments (kind, days ago, method) and their receipts.

        The demo plans are made directly (as the history above), so the quote is issued through the services and
        marked accepted for that plan here; the payments go through the ledger. A final payment settles the rest.
        """
        plan = client.plans.first()
        if plan is None or Quote.objects.filter(plan=plan).exists():
            return
        draft = save_draft(
            client=client, treatment_type=plan.treatment_type, session_count=plan.session_count, by=staff
        )
        now = timezone.now()
        # Issued and accepted before the first payment, as at a clinic (the owner's reports read these dates).
        issued = now - timedelta(days=max((days_ago for _, days_ago, _ in paid), default=0) + 2)
        quote = issue_quote(quote_id=draft.pk, by=staff, now=issued)
        quote.status, quote.accepted_at, quote.accepted_name, quote.plan = (
            "accepted",
            issued + timedelta(hours=2),
            client.full_name,
            plan,
        )
        quote.save(update_fields=["status", "accepted_at", "accepted_name", "plan"])
        for n, (kind, days_ago, method) in enumerate(paid, start=1):
            last = n == len(paid) and plan.status == TreatmentPlan.Status.COMPLETED
            amount = quote.deposit if kind == "deposit" else (quote.total - quote.deposit if last else Decimal("400"))
            record_payment(
                quote_id=quote.pk,
                amount=amount,
                method=method,
                kind=kind,
                reference=f"DEMO-{quote.number}-{n}" if method != "cash" else "",
                by=staff,
                idempotency_key=f"demo-{quote.number}-{n}",
                now=now - timedelta(days=days_ago),
            )
