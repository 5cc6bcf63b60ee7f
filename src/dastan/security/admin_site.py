"""Django's admin site, requiring a second factor of those who must (or chose to) use one."""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import path
from django_otp import user_has_device

from dastan.security.forms import TwoFactorLoginForm
from dastan.security.twofactor import must_verify, requires_2fa


class DastanAdminSite(AdminSite):
    login_form = TwoFactorLoginForm
    login_template = "security/login.html"

    def has_permission(self, request):
        """Return whether the user may use the admin: staff, and verified if they must be."""
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not must_verify(request.user)

    def admin_view(self, view, cacheable=False):
        """Wrap VIEW as the admin does, sending staff who must enrol a second factor to enrol."""
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            user = request.user
            if (user.is_active and user.is_staff and requires_2fa(user)
                    and not user_has_device(user)):
                return redirect("admin:security_enrol")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def get_urls(self):
        from dastan.security import views

        return [
            path("2fa/", views.enrol, {"site": self}, name="security_enrol"),
        ] + super().get_urls()
