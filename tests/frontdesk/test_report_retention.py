"""Retention: open top-up reminders due in the next 90 days by month (sent, cancelled, later or past ones left
out; the artist filter), and the messages due in the period by kind, the check-ins done among them."""

from datetime import date

import pytest

from aftercare.messages import AftercareMessage
from frontdesk.reports.period import Period
from frontdesk.reports.selectors.retention import messages_by_kind, top_ups_due
from outbox.models import Reminder
from tests.aftercare.factories import AftercareScheduleFactory
from tests.helpers import london
from tests.outbox.factories import ReminderFactory

pytestmark = pytest.mark.django_db
NOVEMBER = Period(first=date(2026, 11, 1), last=date(2026, 11, 30))


@pytest.fixture
def outbox(frozen, session_services):  # now: Monday 30 November 2026, 08:00
    schedule = AftercareScheduleFactory()
    for due in (london(2026, 12, 3, 9, 0), london(2026, 12, 20, 9, 0), london(2027, 2, 20, 9, 0)):
        ReminderFactory(schedule=schedule, due_at=due)
    ReminderFactory(due_at=london(2026, 12, 5, 9, 0), status=Reminder.Status.SENDING, claimed_at=london(2026, 12, 5))
    ReminderFactory(due_at=london(2026, 12, 4, 9, 0), status=Reminder.Status.CANCELLED)
    ReminderFactory(due_at=london(2027, 3, 1, 9, 0))  # 91 days on
    ReminderFactory(due_at=london(2026, 11, 29, 9, 0))  # yesterday, still pending: not "coming"
    # Due in November: two check-ins sent, one failed; a top-up skipped.
    for status in ("sent", "sent", "failed"):
        ReminderFactory(
            kind=AftercareMessage.CHECK_IN, due_at=london(2026, 11, 10, 9, 0), status=status,
            sent_at=london(2026, 11, 10, 9, 1) if status == "sent" else None,
        )  # fmt: skip
    ReminderFactory(due_at=london(2026, 11, 12, 9, 0), status=Reminder.Status.SKIPPED)
    ReminderFactory(kind=AftercareMessage.CHECK_IN, due_at=london(2026, 10, 31, 9, 0), status="failed")  # October
    return schedule


def test_top_ups_due_in_the_next_three_months(outbox):
    assert top_ups_due(now=london(2026, 11, 30, 8, 0)) == [
        (date(2026, 11, 1), 0),
        (date(2026, 12, 1), 3),  # two pending and one being sent; the cancelled one not
        (date(2027, 1, 1), 0),
        (date(2027, 2, 1), 1),
    ]


def test_top_ups_for_one_artist(outbox):
    mine = top_ups_due(now=london(2026, 11, 30, 8, 0), artist=outbox.plan.artist)
    assert [n for _, n in mine] == [0, 2, 0, 1]


def test_messages_by_kind_and_check_ins_done(outbox):
    tallies = {t.kind: (t.sent, t.failed, t.skipped, t.waiting) for t in messages_by_kind(period=NOVEMBER)}
    assert tallies == {AftercareMessage.CHECK_IN: (2, 1, 0, 0), AftercareMessage.TOP_UP: (0, 0, 1, 1)}


def test_the_page(client, outbox):
    from clinic.users import roles
    from tests.helpers import user_with

    client.force_login(user_with(roles.STAFF, roles.MANAGER))
    page = client.get("/staff/reports/").content.decode()
    assert "Aftercare check-ins done in the period: 2" in page
    top_ups = page.split('id="table-top_ups"')[1].split("</table>")[0]
    assert "December 2026" in top_ups and "February 2027" in top_ups
