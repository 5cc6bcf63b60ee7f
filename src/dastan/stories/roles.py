"""Give the newsroom's Editor role the rights to curate timelines and tag candidates."""

from django.contrib.auth.models import Group, Permission

from dastan.publishing.roles import EDITOR

EDITOR_PERMISSIONS = ["view_event", "change_event", "view_eventsource", "add_rejectedcandidate",
                      "view_rejectedcandidate", "delete_rejectedcandidate"]


def grant_editor_permissions(**kwargs) -> None:
    """Add the stories permissions to the Editor group (idempotent; runs after each migrate)."""
    group, _created = Group.objects.get_or_create(name=EDITOR)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="stories",
                                                     codename__in=EDITOR_PERMISSIONS))
