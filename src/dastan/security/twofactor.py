"""Who must log in with a second factor, and enrolling a TOTP device with recovery codes.

django-otp was chosen over allauth's MFA because it plugs into Django's own admin login (the only
login Dastan has) with a form mixin and ``request.user.is_verified()``, without a second account
system beside ``django.contrib.auth``.
"""

from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dastan.publishing.roles import ADMINISTRATOR, EDITOR

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def requires_2fa(user) -> bool:
    """Return whether USER's role obliges them to use a second factor (when DASTAN_REQUIRE_2FA is on)."""
    if not settings.DASTAN_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITOR, ADMINISTRATOR]).exists()


def must_verify(user) -> bool:
    """Return whether USER may use the admin only after a second factor: required, or enrolled."""
    return requires_2fa(user) or user_has_device(user)


def pending_totp_device(user) -> TOTPDevice:
    """Return USER's unconfirmed TOTP device, creating it (with a new secret) if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> list[str]:
    """Confirm DEVICE, replace its user's other devices, and return fresh recovery codes."""
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes
