"""The one base of every domain error, and the friendly 404 page.

Services raise a `DomainError` subclass with a message for people and, where it is about one input,
the name of that field; views turn it into a form error or a 409/422 answer.
"""

from django.shortcuts import render


class DomainError(Exception):
    field: str | None = None  # subclasses may set a default

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
