from clinic.errors import DomainError


class IntakeError(DomainError):
    """Input the intake can't take (the view shows the message with a 422)."""


class IntakeClosed(IntakeError):
    """The intake can no longer be changed by the client (cancelled, started, already confirmed): a 409."""
