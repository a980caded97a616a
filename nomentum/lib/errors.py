"""Refusals that services raise with a sentence for the person.

Pages show the sentence; the API answers it as {"detail": ...} with the status.
"""


class Refusal(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(Refusal):
    """Already done: joining a group twice, a second check-in for the same week."""

    status = 409


class Gone(Refusal):
    """It existed but can no longer be used: an expired or revoked invite."""

    status = 410


class Barred(Refusal):
    """Known, and not for this person: someone removed from a group using its invite."""

    status = 403
