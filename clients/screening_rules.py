"""The consultation screening questionnaire and how its answers decide eligibility (pure, no database).

Questions and consequences follow the clinic's screening table (shared/DOMAIN.md). The outcome is
derived, never typed: the most serious consequence among the answers wins.
"""

from dataclasses import dataclass
from enum import StrEnum


class Consequence(StrEnum):
    NONE = "none"
    GP_LETTER = "gp_letter"
    POSTPONE = "postpone"
    NOT_ELIGIBLE = "not_eligible"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    ELIGIBLE_AFTER_GP_LETTER = "eligible_after_gp_letter"
    POSTPONED = "postponed"
    NOT_ELIGIBLE = "not_eligible"


OUTCOME_LABELS = {
    Outcome.ELIGIBLE: "Eligible",
    Outcome.ELIGIBLE_AFTER_GP_LETTER: "Eligible after a GP letter",
    Outcome.POSTPONED: "Postponed",
    Outcome.NOT_ELIGIBLE: "Not eligible",
}

CONSEQUENCE_LABELS = {
    Consequence.GP_LETTER: "needs a GP letter",
    Consequence.POSTPONE: "postpone",
    Consequence.NOT_ELIGIBLE: "not eligible",
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    consequence: Consequence


QUESTIONS: tuple[Question, ...] = (
    Question("keloid", "Keloid or hypertrophic scarring", Consequence.NOT_ELIGIBLE),
    Question("pigment_allergy", "Known allergy to tattoo pigment", Consequence.NOT_ELIGIBLE),
    Question("under_18", "Under 18 years old", Consequence.NOT_ELIGIBLE),
    Question(
        "scalp_condition",
        "Active psoriasis, eczema, dermatitis or acne on the scalp, or sunburn",
        Consequence.POSTPONE,
    ),
    Question("pregnant", "Pregnant or breastfeeding", Consequence.POSTPONE),
    Question("chemotherapy", "Chemotherapy in the last 12 months", Consequence.POSTPONE),
    Question("retinoids", "Isotretinoin (Accutane), retinoids or steroids on the scalp", Consequence.POSTPONE),
    Question("cold_sores", "Herpes / cold sores on the scalp", Consequence.POSTPONE),
    Question("laser_removal", "Laser tattoo removal on the scalp in the last 90 days", Consequence.POSTPONE),
    Question("alopecia_areata", "Active alopecia areata (hair may regrow)", Consequence.POSTPONE),
    Question("blood_thinners", "Takes blood thinners or has a bleeding disorder", Consequence.GP_LETTER),
    Question(
        "medical_condition",
        "Diabetes, heart condition, high blood pressure, epilepsy or a weakened immune system",
        Consequence.GP_LETTER,
    ),
)
BY_KEY = {q.key: q for q in QUESTIONS}

_OUTCOME_FOR = {
    Consequence.NONE: Outcome.ELIGIBLE,
    Consequence.GP_LETTER: Outcome.ELIGIBLE_AFTER_GP_LETTER,
    Consequence.POSTPONE: Outcome.POSTPONED,
    Consequence.NOT_ELIGIBLE: Outcome.NOT_ELIGIBLE,
}
_SEVERITY = [Consequence.NONE, Consequence.GP_LETTER, Consequence.POSTPONE, Consequence.NOT_ELIGIBLE]


def reasons(answers: dict[str, bool]) -> list[Question]:
    """The questions answered 'yes' that have a consequence, most serious first."""
    hits = [BY_KEY[key] for key, yes in answers.items() if yes and key in BY_KEY]
    return sorted(hits, key=lambda q: -_SEVERITY.index(q.consequence))


def derive_outcome(answers: dict[str, bool]) -> Outcome:
    unknown = set(answers) - set(BY_KEY)
    if unknown:
        raise ValueError(f"Unknown screening questions: {sorted(unknown)}")
    hits = reasons(answers)
    return _OUTCOME_FOR[hits[0].consequence] if hits else Outcome.ELIGIBLE


def complete_answers(answers: dict[str, bool]) -> dict[str, bool]:
    """Every question's answer, in the questionnaire's order (a missing answer is "no")."""
    return {key: bool(answers.get(key, False)) for key in BY_KEY}


@dataclass(frozen=True)
class Evaluation:
    """What a set of answers gives: the outcome and the questions that decided it, most serious first."""

    outcome: Outcome
    reasons: list[Question]

    @property
    def is_simply_eligible(self) -> bool:
        """Nothing to discuss: no answer has a consequence (an intake shows anything else to staff only)."""
        return self.outcome == Outcome.ELIGIBLE

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def evaluate(answers: dict[str, bool]) -> Evaluation:
    """The one implementation of the rules, used by staff screening (clients.Screening) and the online intake."""
    return Evaluation(outcome=derive_outcome(answers), reasons=reasons(answers))
