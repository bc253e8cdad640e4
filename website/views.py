from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def home(request):
    return render(request, "website/home.html", {"home": selectors.home_page()})


@require_safe
def privacy(request):
    return render(request, "website/privacy.html", {"notice": selectors.privacy_notice()})


@require_safe
@cache_control(public=True, max_age=60 * 60)
def artist_photo(request, artist_id: int):
    # Stored files are private by default (quote PDFs live there too): only artists' photos are served.
    photo = selectors.artist_photo(artist_id)
    if photo is None:
        raise Http404
    return FileResponse(photo.open("rb"))


@require_safe
def favicon_ico(request):
    # Browsers and the admin (which links no icon) ask for /favicon.ico at the site's root.
    return redirect(static("favicon.ico"), permanent=True)
