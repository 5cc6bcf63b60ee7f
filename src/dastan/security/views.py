"""Enrolling an authenticator app; the page readers see while the database is away."""

import base64

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import user_has_device

from dastan.security import audit
from dastan.security.forms import EnrolForm
from dastan.security.twofactor import confirm_enrolment, pending_totp_device


def qr_svg(data: str) -> str:
    """Return DATA as a QR code in inline SVG, drawn here so no other host sees the secret."""
    import segno  # only the enrolment page draws a QR code: not loaded by reader workers

    return segno.make(data, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


@never_cache
@csrf_protect
def enrol(request, site):
    """Show the authenticator-app secret as a QR code; confirm it with a code; show recovery codes once."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"), REDIRECT_FIELD_NAME)
    if user_has_device(user) and not user.is_verified():
        # Replacing a device needs the old one: a stolen password alone must not enrol a new phone.
        return redirect("admin:login")
    device = pending_totp_device(user)
    form = EnrolForm(request.POST or None, device=device)
    context = {**site.each_context(request), "title": "Two-factor authentication", "form": form}
    if request.method == "POST" and form.is_valid():
        codes = confirm_enrolment(device)
        otp_login(request, device)
        audit.record(audit.ENROL_2FA, obj=user, request=request)
        response = TemplateResponse(request, "security/recovery_codes.html", {**context, "codes": codes})
        response["Cache-Control"] = "no-store"
        return response
    uri = device.config_url
    return TemplateResponse(request, "security/enrol.html", {
        **context, "otpauth_uri": uri, "qr_svg": qr_svg(uri),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "has_device": user_has_device(user),
    })
