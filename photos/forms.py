"""The reusable photo upload: one file input per guided angle, with hints, for phones and the desk.

Use it on any page that takes scalp photos (the client's intake, the portal's healing page, the artist's
session page):

    # view
    form = PhotoUploadForm(request.POST or None, request.FILES or None, notes=True)  # notes: artist pages
    if request.method == "POST" and form.is_valid():
        saved = save_photo_form(form, client=client, purpose=Purpose.INTAKE, appointment=consultation,
                                by=request.user)
        if not form.errors:  # each refused file is a field error on its angle; the others were saved
            return redirect(...)
    # status 422 when form.errors

    {# template: your own <form>, multipart, around the include #}
    <form method="post" enctype="multipart/form-data">{% csrf_token %}
      {% include "photos/_upload.html" with form=photo_form %}
      <button class="btn btn-primary" type="submit">Upload</button>
    </form>

Options: `angles=` (a subset, in order), `notes=True` (pigment shade / density per angle, for the team),
`gallery=True` (a per-photo "may be shown in the gallery" box, for clients), `prefix=` as for any form.
Each file input has `accept="image/*" capture="environment"`: a phone opens its rear camera.
"""

from django import forms

from .models import Angle
from .services import PhotoRejected, add_photo

HINTS = {
    Angle.FRONT: "Face the camera, hair pushed back from the forehead.",
    Angle.TOP: "Camera held above the head, looking down.",
    Angle.CROWN: "From behind and above the crown (a helper or a mirror helps).",
    Angle.LEFT: "Side on, the left ear in the picture.",
    Angle.RIGHT: "Side on, the right ear in the picture.",
    Angle.BACK: "From behind, at head height.",
}
GENERAL_HINT = "In good light (daylight, no flash), hair short or dry, the whole area in the frame."


class PhotoUploadForm(forms.Form):
    def __init__(self, *args, angles=None, notes: bool = False, gallery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.angles = [Angle(a) for a in (angles or Angle.values)]
        self.with_notes, self.with_gallery = notes, gallery
        for angle in self.angles:
            self.fields[f"photo_{angle}"] = forms.FileField(
                label=angle.label,
                required=False,
                help_text=HINTS[angle],
                widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
            )
            if notes:
                self.fields[f"notes_{angle}"] = forms.CharField(
                    label=f"{angle.label}: notes",
                    required=False,
                    max_length=300,
                    widget=forms.TextInput(attrs={"placeholder": "Pigment shade, density…"}),
                )
            if gallery:
                self.fields[f"gallery_{angle}"] = forms.BooleanField(
                    label="You may show this photo in the clinic's gallery (optional; you can withdraw it)",
                    required=False,
                )

    def clean(self):
        data = super().clean()
        if not any(data.get(f"photo_{angle}") for angle in self.angles):
            raise forms.ValidationError("Choose at least one photo.")
        return data

    def rows(self):
        """(angle, file field, notes field or None, gallery field or None) for the template."""
        for angle in self.angles:
            yield (
                angle,
                self[f"photo_{angle}"],
                self[f"notes_{angle}"] if self.with_notes else None,
                self[f"gallery_{angle}"] if self.with_gallery else None,
            )

    def uploads(self):
        for angle in self.angles:
            if upload := self.cleaned_data.get(f"photo_{angle}"):
                notes = self.cleaned_data.get(f"notes_{angle}", "")
                yield angle, upload, notes, bool(self.cleaned_data.get(f"gallery_{angle}"))


def save_photo_form(form: PhotoUploadForm, *, client, purpose: str, appointment=None, by=None) -> list:
    """add_photo for each chosen file; a refused one becomes an error on its angle (the others are kept)."""
    saved = []
    for angle, upload, notes, gallery in form.uploads():
        try:
            saved.append(
                add_photo(
                    client=client,
                    purpose=purpose,
                    angle=angle,
                    upload=upload,
                    appointment=appointment,
                    by=by,
                    notes=notes,
                    gallery_consent=gallery,
                )
            )
        except PhotoRejected as error:
            form.add_error(f"photo_{angle}", f"{angle.label}: {error.message}")
    return saved
