"""Screening answers → outcome, overrides with reasons, consent, eligibility to schedule."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from clients.models import ConsentText, Screening
from clients.screening_rules import BY_KEY, QUESTIONS, Outcome, complete_answers, derive_outcome, evaluate, reasons
from clients.selectors import eligibility
from clients.services import ScreeningError, record_consent, record_screening
from tests.clients.factories import ClientFactory, ScreeningFactory

pytestmark = pytest.mark.django_db


class TestEvaluate:
    """`evaluate` is the one implementation: staff screening (Screening.recompute) and the online intake use it."""

    @pytest.mark.parametrize("key", list(BY_KEY))
    def test_outcome_and_reasons_for_each_answer(self, key):
        evaluation = evaluate({key: True})
        assert evaluation.outcome == derive_outcome({key: True})
        assert evaluation.reasons == [BY_KEY[key]]
        assert not evaluation.is_simply_eligible

    def test_the_most_serious_reason_comes_first(self):
        evaluation = evaluate({"blood_thinners": True, "pregnant": True, "keloid": True})
        assert evaluation.outcome == Outcome.NOT_ELIGIBLE and evaluation.label == "Not eligible"
        assert [q.key for q in evaluation.reasons] == ["keloid", "pregnant", "blood_thinners"]

    def test_nothing_to_say_is_simply_eligible(self):
        assert evaluate({}).is_simply_eligible and evaluate(dict.fromkeys(BY_KEY, False)).reasons == []

    def test_unknown_questions_are_refused(self):
        with pytest.raises(ValueError):
            evaluate({"smoker": True})

    def test_complete_answers_has_every_question_in_order(self):
        assert list(complete_answers({"keloid": 1})) == [q.key for q in QUESTIONS]
        assert complete_answers({"keloid": 1})["keloid"] is True and complete_answers({})["pregnant"] is False

    def test_staff_screening_uses_it(self):
        screening = Screening(answers={"pregnant": True})
        screening.recompute()
        assert screening.derived_outcome == evaluate({"pregnant": True}).outcome
        assert screening.reasons == evaluate({"pregnant": True}).reasons


class TestDeriveOutcome:
    def test_no_contraindications_is_eligible(self):
        assert derive_outcome({}) == Outcome.ELIGIBLE
        assert derive_outcome(dict.fromkeys(BY_KEY, False)) == Outcome.ELIGIBLE

    @pytest.mark.parametrize(
        ("key", "outcome"),
        [
            ("keloid", Outcome.NOT_ELIGIBLE),
            ("pigment_allergy", Outcome.NOT_ELIGIBLE),
            ("under_18", Outcome.NOT_ELIGIBLE),
            ("scalp_condition", Outcome.POSTPONED),
            ("pregnant", Outcome.POSTPONED),
            ("chemotherapy", Outcome.POSTPONED),
            ("retinoids", Outcome.POSTPONED),
            ("cold_sores", Outcome.POSTPONED),
            ("laser_removal", Outcome.POSTPONED),
            ("alopecia_areata", Outcome.POSTPONED),
            ("blood_thinners", Outcome.ELIGIBLE_AFTER_GP_LETTER),
            ("medical_condition", Outcome.ELIGIBLE_AFTER_GP_LETTER),
        ],
    )
    def test_each_answer_has_its_consequence(self, key, outcome):
        assert derive_outcome({key: True}) == outcome

    def test_every_question_is_covered_above(self):
        assert len(QUESTIONS) == 12

    def test_most_serious_wins_and_reasons_are_ordered(self):
        answers = {"blood_thinners": True, "pregnant": True, "keloid": True}
        assert derive_outcome(answers) == Outcome.NOT_ELIGIBLE
        assert [q.key for q in reasons(answers)] == ["keloid", "pregnant", "blood_thinners"]
        assert derive_outcome({"blood_thinners": True, "pregnant": True}) == Outcome.POSTPONED

    def test_unknown_questions_are_refused(self):
        with pytest.raises(ValueError, match="Unknown"):
            derive_outcome({"likes_tattoos": True})


class TestRecordScreening:
    def test_outcome_is_derived_not_typed(self, admin_user):
        screening = record_screening(client=ClientFactory(), answers={"blood_thinners": True}, recorded_by=admin_user)
        assert screening.derived_outcome == Outcome.ELIGIBLE_AFTER_GP_LETTER
        assert screening.outcome == Outcome.ELIGIBLE_AFTER_GP_LETTER

    def test_override_needs_a_reason(self, admin_user):
        client = ClientFactory()
        with pytest.raises(ScreeningError, match="written reason"):
            record_screening(
                client=client, answers={"blood_thinners": True}, recorded_by=admin_user, override_outcome="eligible"
            )
        screening = record_screening(
            client=client,
            answers={"blood_thinners": True},
            recorded_by=admin_user,
            override_outcome="eligible",
            override_reason="Stopped warfarin in 2024; GP confirmed by phone.",
        )
        assert screening.outcome == Outcome.ELIGIBLE
        assert screening.derived_outcome == Outcome.ELIGIBLE_AFTER_GP_LETTER

    def test_database_refuses_an_override_without_reason(self, admin_user):
        screening = record_screening(client=ClientFactory(), answers={}, recorded_by=admin_user)
        screening.override_outcome = "not_eligible"
        with pytest.raises(IntegrityError, match="override_needs_reason"), transaction.atomic():
            screening.save()

    def test_postponed_needs_a_review_date(self, admin_user):
        with pytest.raises(ScreeningError, match="date"):
            record_screening(client=ClientFactory(), answers={"pregnant": True}, recorded_by=admin_user)


class TestEligibility:
    def test_needs_screening_and_current_consent(self, admin_user):
        client = ClientFactory(full_name="Sam Lee")
        status = eligibility(client=client)
        assert not status.can_schedule and len(status.problems) == 2
        record_screening(client=client, answers={}, recorded_by=admin_user)
        record_consent(client=client, typed_name="  sam   LEE ")
        assert eligibility(client=client).can_schedule

    def test_a_new_consent_version_needs_confirming_again(self, admin_user):
        client = ClientFactory(full_name="Sam Lee")
        record_screening(client=client, answers={}, recorded_by=admin_user)
        record_consent(client=client, typed_name="Sam Lee")
        ConsentText.objects.update(is_current=False)
        ConsentText.objects.create(version=2, body="New wording", is_current=True)
        assert "version 2" in eligibility(client=client).problems[0]

    def test_typed_name_must_match(self):
        with pytest.raises(ScreeningError, match="exactly as"):
            record_consent(client=ClientFactory(full_name="Sam Lee"), typed_name="S Lee")

    @pytest.mark.parametrize(
        ("answers", "extra", "problem"),
        [
            ({"keloid": True}, {}, "not eligible"),
            ({"pregnant": True}, {"postpone_until": date(2027, 6, 1)}, "postponed until 1 June 2027"),
            ({"blood_thinners": True}, {}, "GP letter"),
        ],
    )
    def test_blocking_outcomes(self, admin_user, answers, extra, problem):
        client = ClientFactory(full_name="Sam Lee")
        record_consent(client=client, typed_name="Sam Lee")
        record_screening(client=client, answers=answers, recorded_by=admin_user, **extra)
        assert problem in " ".join(eligibility(client=client).problems)

    def test_gp_letter_received_unblocks(self, admin_user):
        client = ClientFactory(full_name="Sam Lee")
        record_consent(client=client, typed_name="Sam Lee")
        record_screening(
            client=client, answers={"blood_thinners": True}, recorded_by=admin_user, gp_letter_received_on=date.today()
        )
        assert eligibility(client=client).can_schedule


@pytest.mark.django_db
@pytest.mark.parametrize(("reason", "ok"), [("GP ok", True), ("o k ay", True), ("  a  ", False), ("ab", False)])
def test_override_reason_rule_is_the_same_in_python_and_in_the_database(admin_user, reason, ok):
    client = ClientFactory()
    kwargs = {"client": client, "answers": {}, "recorded_by": admin_user, "override_outcome": "not_eligible"}
    if ok:
        assert record_screening(override_reason=reason, **kwargs).outcome == Outcome.NOT_ELIGIBLE
    else:
        with pytest.raises(ScreeningError):
            record_screening(override_reason=reason, **kwargs)
    # The database on its own: an UPDATE that no Python check sees.
    row = ScreeningFactory(client=client)
    overridden = Screening.objects.filter(pk=row.pk)
    if ok:
        with transaction.atomic():
            assert overridden.update(override_outcome="not_eligible", override_reason=reason) == 1
        assert overridden.get().outcome == Outcome.NOT_ELIGIBLE
    else:
        with pytest.raises(IntegrityError, match="clients_screening_override_needs_reason"), transaction.atomic():
            overridden.update(override_outcome="not_eligible", override_reason=reason)
        assert overridden.get().override_outcome == ""
