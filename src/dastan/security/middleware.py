"""Response headers Django has no setting for, and the request context the audit log reads."""

from django.conf import settings

from dastan.security.audit import current_request


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
