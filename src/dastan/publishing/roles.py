"""The newsroom's roles as Django groups, kept in step with their permissions after each migrate.

Reporter: writes articles and edits their own drafts; cannot publish.
Editor: publishes, schedules and edits any article; manages tags, sections and authors.
Administrator: everything, including user accounts.
"""

from django.contrib.auth.models import Group, Permission

REPORTER, EDITOR, ADMINISTRATOR = "Reporter", "Editor", "Administrator"

_CONTENT_MODELS = ["article", "section", "author", "tag", "alias"]
ROLE_PERMISSIONS = {
    REPORTER: ["publishing.add_article", "publishing.change_article", "publishing.view_article",
               "publishing.view_section", "publishing.view_author", "taxonomy.view_tag"],
    EDITOR: ["publishing.publish_article", "publishing.delete_article"]
    + [f"{app}.{action}_{model}" for model, app in [
        ("article", "publishing"), ("section", "publishing"), ("author", "publishing"),
        ("tag", "taxonomy"), ("alias", "taxonomy")] for action in ("add", "change", "view")],
}


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return found


def ensure_roles(**kwargs) -> None:
    """Create the role groups and give them their permissions (idempotent)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(names))
    admin_group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    admin_group.permissions.set(Permission.objects.all())


def can_publish(user) -> bool:
    return user.has_perm("publishing.publish_article")


def owns(user, article) -> bool:
    """Return whether USER wrote ARTICLE: created it, or is one of its bylines."""
    if article.created_by_id == user.pk:
        return True
    author = getattr(user, "author", None)
    return author is not None and article.authors.filter(pk=author.pk).exists()
