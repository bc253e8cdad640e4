from django import forms
from django.contrib.auth import forms as auth_forms

from .models import User


class UserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app."""

    code = forms.CharField(
        label="6-digit code from your app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
        error_messages={"min_length": "Enter the 6 digits.", "max_length": "Enter the 6 digits."},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("Enter the 6 digits shown in your app.")
        return code
