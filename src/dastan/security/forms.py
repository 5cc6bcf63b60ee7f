"""The admin login form with a second factor, and the enrolment form."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dastan.security.twofactor import requires_2fa

TOKEN_REQUIRED = _("Enter the six-digit code from your authenticator app, or a recovery code.")
TOKEN_INVALID = _("That code is not valid. Check your phone's clock, or use a recovery code.")
TOKEN_THROTTLED = _("Too many wrong codes. Wait a minute before trying again.")


def verify_second_factor(user, token: str) -> Device | None:
    """Return USER's device that accepts TOKEN (an app code or a recovery code), or None.

    Raise ValidationError when the device refuses to check codes after repeated failures.
    """
    token = "".join(token.split())
    # Six digits is an authenticator code; anything else can only be a recovery code.
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(TOKEN_THROTTLED, code="throttled")
        if device.verify_token(token):
            return device
    return None


class TwoFactorLoginForm(AdminAuthenticationForm):
    """Password, then the second factor of a user who has enrolled one."""

    otp_token = forms.CharField(
        label=_("Authentication code"), required=False, max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        help_text=_("From your authenticator app, or one of your recovery codes."),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = cleaned.get("otp_token") or ""
            if not token.strip():
                raise forms.ValidationError(TOKEN_REQUIRED, code="token_required")
            device = verify_second_factor(user, token)
            if device is None:
                raise forms.ValidationError(TOKEN_INVALID, code="token_invalid")
            # django-otp's user_logged_in receiver marks the session verified by this device.
            user.otp_device = device
        elif user is not None and requires_2fa(user):
            # Let them in only as far as the enrolment page (the admin site sends them there).
            user.otp_device = None
        return cleaned


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(TOKEN_INVALID, code="token_invalid")
        return token
