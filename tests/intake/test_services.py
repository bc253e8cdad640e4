"""The intake's writes: steps, the stored status, closing at the start, cancellation and confirmation."""

from datetime import date

import pytest

from bookings.services import cancel_appointment
from clients.models import Screening
from clients.screening_rules import QUESTIONS, evaluate
from clients.services import ScreeningError
from intake.errors import IntakeClosed, IntakeError
from intake.models import Intake
from intake.services import (
    check_photo_upload,
    confirm_screening,
    finish_photos,
    give_photo_consent,
    mark_consent_signed,
    save_concern,
    save_screening_answers,
)
from records.erasure import _anonymise_history, _anonymise_records
from records.export import collect
from tests.helpers import london

pytestmark = pytest.mark.django_db


def _complete(intake, answers=None):
    save_screening_answers(intake_id=intake.pk, answers=answers or {})
    save_concern(intake_id=intake.pk, concern="crown", since="1_3")
    give_photo_consent(intake_id=intake.pk)
    finish_photos(intake_id=intake.pk)
    return mark_consent_signed(intake_id=intake.pk)


def test_booking_creates_one_not_started_intake(booked):
    intake = Intake.objects.get(appointment=booked)
    assert (intake.client_id, intake.status, intake.started_at) == (booked.client_id, "not_started", None)


def test_each_step_saves_and_the_last_completes_it(booked, frozen):
    intake = booked.intake
    intake = save_screening_answers(intake_id=intake.pk, answers={"keloid": False})
    assert intake.status == "in_progress"
    assert intake.answers == {q.key: False for q in QUESTIONS}  # every key, the questionnaire's
    assert intake.started_at is not None and intake.completed_at is None
    intake = _complete(intake)
    assert (intake.status, intake.concern, intake.concern_since) == ("complete", "crown", "1_3")
    assert intake.completed_at == london(2026, 11, 30, 8, 0)
    assert Intake.objects.get(pk=intake.pk).status == "complete"  # stored


@pytest.mark.parametrize("answer", ["blood_thinners", "pregnant", "keloid"])
def test_an_answer_with_a_consequence_needs_attention(booked, answer):
    intake = save_screening_answers(intake_id=booked.intake.pk, answers={answer: True})
    assert intake.status == "needs_attention"
    assert intake.evaluation == evaluate({answer: True})  # the shared rules, not a copy
    assert _complete(intake, {answer: True}).status == "needs_attention"  # complete, and still to look at


def test_unknown_questions_and_bad_choices_are_refused(booked):
    with pytest.raises(IntakeError):
        save_screening_answers(intake_id=booked.intake.pk, answers={"smoker": True})
    with pytest.raises(IntakeError) as error:
        save_concern(intake_id=booked.intake.pk, concern="eyebrows", since="1_3")
    assert error.value.field == "concern"
    with pytest.raises(IntakeError):
        save_concern(intake_id=booked.intake.pk, concern="crown", since="forever")
    assert Intake.objects.get(pk=booked.intake.pk).status == "not_started"  # nothing saved


def test_editing_after_the_consultation_started_is_refused(booked, frozen):
    intake = save_screening_answers(intake_id=booked.intake.pk, answers={})
    frozen.move_to(london(2026, 12, 3, 10, 0))
    with pytest.raises(IntakeClosed, match="has started"):
        save_concern(intake_id=intake.pk, concern="crown", since="1_3")
    assert Intake.objects.get(pk=intake.pk).concern == ""


def test_a_cancelled_consultation_closes_its_intake(booked):
    cancel_appointment(appointment_id=booked.pk)
    with pytest.raises(IntakeClosed, match="cancelled"):
        save_screening_answers(intake_id=booked.intake.pk, answers={})


def test_photos_need_the_clinical_record_consent_first(booked):
    intake = Intake.objects.select_related("appointment").get(pk=booked.intake.pk)
    with pytest.raises(IntakeError) as error:
        check_photo_upload(intake)
    assert error.value.field == "photo_consent"
    intake = give_photo_consent(intake_id=intake.pk)
    check_photo_upload(intake)  # now fine


def test_confirming_records_the_screening_with_who_when_and_what_changed(booked, artist, frozen):
    intake = save_screening_answers(intake_id=booked.intake.pk, answers={"blood_thinners": True})
    frozen.move_to(london(2026, 12, 3, 10, 5))
    intake = confirm_screening(
        intake_id=intake.pk,
        by=artist.user,
        answers={"blood_thinners": False, "cold_sores": True},
        postpone_until=date(2027, 1, 10),
    )
    screening = Screening.objects.get(client=booked.client)
    assert intake.screening == screening and screening.consultation == booked
    assert (screening.outcome, screening.recorded_by) == ("postponed", artist.user)
    assert (intake.confirmed_by, intake.confirmed_at) == (artist.user, london(2026, 12, 3, 10, 5))
    assert [(c["key"], c["client"], c["confirmed"]) for c in intake.changes] == [
        ("cold_sores", False, True),
        ("blood_thinners", True, False),
    ]
    assert intake.answers["blood_thinners"] is True  # the client's own answers are kept
    with pytest.raises(IntakeClosed):
        confirm_screening(intake_id=intake.pk, by=artist.user, answers={})


def test_confirming_takes_staff_screenings_rules(booked, artist):
    with pytest.raises(ScreeningError) as error:  # postponed without the date to review it
        confirm_screening(intake_id=booked.intake.pk, by=artist.user, answers={"pregnant": True})
    assert error.value.field == "postpone_until"
    assert not Screening.objects.filter(client=booked.client).exists()
    assert Intake.objects.get(pk=booked.intake.pk).confirmed_at is None


def test_once_confirmed_the_client_can_no_longer_edit(booked, artist):
    confirm_screening(intake_id=booked.intake.pk, by=artist.user, answers={})
    with pytest.raises(IntakeClosed, match="already gone through"):
        save_screening_answers(intake_id=booked.intake.pk, answers={})


def test_the_intake_is_in_the_export_and_gone_after_erasure(booked, artist):
    save_screening_answers(intake_id=booked.intake.pk, answers={"pregnant": True})
    save_concern(intake_id=booked.intake.pk, concern="crown", since="1_3", notes="my own words")
    (exported,) = collect(booked.client)["intakes"]
    assert exported["answers"]["pregnant"] is True and exported["concern_notes"] == "my own words"
    _anonymise_records(booked.client)
    _anonymise_history(booked.client_id)
    assert not Intake.objects.filter(client=booked.client).exists()
    assert not Intake.history.model.objects.filter(client_id=booked.client_id).exists()
