"""Hot anonymous GETs through a shorter middleware chain: only the middleware that can change their answer.

A lean route (settings.LEAN_ROUTES: path -> dotted route object) is taken only by a GET without a session
cookie whose route `accepts(request)` it (e.g. a plain query); any other request goes down the full chain to
the URL's own view, as before. The lean chain is every middleware after this one except LEAN_ROUTE_SKIPS
(each said there why it cannot change such an answer), run by the same classes in the same order, so the
response headers are the ones the full chain sends (tests/test_lean_routes.py compares them). What it saves
per request (issue 16): the skipped middleware, URL resolution and the full view's framework machinery.

A route object: `accepts(request) -> bool` and `__call__(request) -> HttpResponse`.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.urls import ResolverMatch, resolve
from django.utils.module_loading import import_string

THIS = "clinic.leanroutes.LeanRouteMiddleware"


class LeanRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.routes = {path: import_string(dotted) for path, dotted in settings.LEAN_ROUTES.items()}
        self._matches: dict[str, ResolverMatch] = {}
        self._view_middleware: list = []
        self._exception_middleware: list = []
        self.lean_chain = self._build_chain(lean_middleware())

    def __call__(self, request):
        route = self.routes.get(request.path_info)
        if (
            route is None
            or request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not route.accepts(request)
        ):
            return self.get_response(request)
        request.resolver_match = self._match(request.path_info, route)
        return self.lean_chain(request)

    def _match(self, path: str, route) -> ResolverMatch:
        """The URL's own name (for the log line), with the lean route as its view (retries call it again)."""
        if path not in self._matches:
            found = resolve(path)
            self._matches[path] = ResolverMatch(
                route, (), {}, url_name=found.url_name, app_names=found.app_names, namespaces=found.namespaces
            )
        return self._matches[path]

    def _build_chain(self, paths: list[str]):
        # As Django's BaseHandler.load_middleware (sync), without URL resolution: the route is known.
        handler = convert_exception_to_response(self._view)
        for path in reversed(paths):
            try:
                instance = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        return handler

    def _view(self, request):
        match = request.resolver_match
        for process_view in self._view_middleware:
            if response := process_view(request, match.func, match.args, match.kwargs):
                return response
        try:
            return match.func(request)
        except Exception as error:
            for process_exception in self._exception_middleware:
                if response := process_exception(request, error):
                    return response
            raise


def lean_middleware() -> list[str]:
    """The middleware a lean route runs: those after this one, less the skipped ones."""
    after = settings.MIDDLEWARE[settings.MIDDLEWARE.index(THIS) + 1 :]
    return [path for path in after if path not in settings.LEAN_ROUTE_SKIPS]
