"""Write audit events; the request being served supplies who and from where."""

import contextvars
import logging

from django.db import DatabaseError, transaction
from django.http import HttpRequest

from dastan.security.models import AuditEvent

logger = logging.getLogger(__name__)
A = AuditEvent.Action
LOGIN, LOGIN_FAILED, LOGOUT = A.LOGIN, A.LOGIN_FAILED, A.LOGOUT
LOCKED_OUT, ENROL_2FA = A.LOCKED_OUT, A.ENROL_2FA
PUBLISH, UNPUBLISH = A.PUBLISH, A.UNPUBLISH
GROUP_ADDED, GROUP_REMOVED = A.GROUP_ADDED, A.GROUP_REMOVED
SUPERUSER_GRANTED, SUPERUSER_REVOKED = A.SUPERUSER_GRANTED, A.SUPERUSER_REVOKED

# The request being served on this thread, set by AuditContextMiddleware, so model signals
# (which know nothing of requests) can say who acted and from which address.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "dastan_audit_request", default=None
)


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client address of REQUEST as django-axes determined it, else REMOTE_ADDR."""
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def record(action: str, *, obj=None, actor=None, actor_name: str = "", request: HttpRequest | None = None,
           detail: str = "") -> AuditEvent | None:
    """Add one audit event; the acting user and address default to the current request's."""
    request = request or current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    event = AuditEvent(
        actor=actor, actor_name=(actor.get_username() if actor else actor_name)[:150], action=action,
        ip_address=client_ip(request), detail=detail[:500],
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:300]
    try:
        # A savepoint, so a failed audit write never breaks the editor's transaction.
        with transaction.atomic():
            event.save()
    except DatabaseError:
        logger.exception("Could not write audit event %s", action)
        return None
    return event
