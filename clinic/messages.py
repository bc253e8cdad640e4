"""Django's messages, with the storage made only when a page reads or adds one.

A response that never touches messages (/healthz/, the API, a shared booking page for a visitor with
none) needn't build the cookie and session storages; an unbuilt storage has nothing to save either.
"""

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.functional import SimpleLazyObject, empty

FALLBACK = "django.contrib.messages.storage.fallback.FallbackStorage"


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never read nor added to: as Django's update() of an untouched storage, nothing
        return super().process_response(request, response)


def has_messages(request) -> bool:
    """Whether a message waits to be shown, without marking it shown (and without building the storage
    when it can have none: the fallback storage looks in the session only after the cookie asks it to)."""
    storage = getattr(request, "_messages", None)
    if (
        isinstance(storage, SimpleLazyObject)
        and storage._wrapped is empty
        and settings.MESSAGE_STORAGE == FALLBACK
        and CookieStorage.cookie_name not in request.COOKIES
    ):
        return False
    return bool(len(get_messages(request)))
