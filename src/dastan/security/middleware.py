"""Response headers Django has no setting for, and the request context the audit log reads."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from dastan.security.audit import current_request

# Attributes by which a view (django-csp's decorators) changes its own response's policy.
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro",
                 "_csp_replace_ro", "_csp_exempt", "_csp_exempt_ro")
_policies: dict[str, str] = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _policies.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header of ordinary responses built once per process.

    django-csp builds the policy text for every response (copying the settings, then joining
    them): a few per cent of a page's time. A response no view changed the policy of, on a request
    that used no nonce, gets the same text every time; anything else goes through django-csp.
    """

    def process_response(self, request, response):
        if (getattr(request, "_csp_nonce", None) is not None or HEADER in response
                or HEADER_REPORT_ONLY in response or any(hasattr(response, a) for a in _PER_RESPONSE)
                or _excluded(request)):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        if not _policies:
            _policies.update({HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)})
        for header, policy in _policies.items():
            if policy:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded(request) -> bool:
    """Return True when a policy setting excludes the request's path (django-csp's EXCLUDE_URL_PREFIXES)."""
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if prefixes and request.path_info.startswith(tuple(prefixes)):
            return True
    return False


class PermissionsPolicyMiddleware:
    """Add Permissions-Policy (DASTAN_PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.DASTAN_PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class AuditContextMiddleware:
    """Make the request visible to audit receivers of model signals while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
