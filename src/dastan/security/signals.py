"""Audit receivers: logins, publishing transitions, role and superuser changes."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from dastan.publishing.models import Article, Author
from dastan.security import audit
from dastan.security.uploads import reencode_field

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    audit.record(audit.LOGIN, obj=user, actor=user, request=request,
                 detail=f"second factor: {device.name}" if device else "")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.LOGOUT, obj=user, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(audit.LOGIN_FAILED, actor_name=str(credentials.get("username", ""))[:150], request=request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(audit.LOCKED_OUT, actor_name=str(username or "")[:150], request=request,
                 detail=f"client {ip_address}")


@receiver(pre_save, sender=Author, dispatch_uid="clean_author_photo")
def _author_photo(sender, instance, raw=False, **kwargs):
    if not raw:
        reencode_field(instance, "photo")


@receiver(pre_save, sender=Article, dispatch_uid="audit_article_before")
def _article_before(sender, instance, raw=False, **kwargs):
    if not raw:
        reencode_field(instance, "image")
    old = None
    if instance.pk and not raw:
        old = Article.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._audit_old_status = old


@receiver(post_save, sender=Article, dispatch_uid="audit_article_after")
def _article_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_audit_old_status", None)
    published = Article.Status.PUBLISHED
    if instance.status == published and old != published:
        audit.record(audit.PUBLISH, obj=instance,
                     detail=f"publication time {instance.published_at:%Y-%m-%d %H:%M %Z}")
    elif old == published and instance.status != published:
        audit.record(audit.UNPUBLISH, obj=instance)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_groups")
def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # The cleared rows are gone by post_clear; remember them now.
        if reverse:
            instance._audit_cleared = list(instance.user_set.all())
        else:
            instance._audit_cleared = list(instance.groups.all())
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    kind = audit.GROUP_ADDED if action == "post_add" else audit.GROUP_REMOVED
    if action == "post_clear":
        others = getattr(instance, "_audit_cleared", [])
    else:
        others = list(model.objects.filter(pk__in=pk_set or ()))
    for other in others:
        user, group = (other, instance) if reverse else (instance, other)
        audit.record(kind, obj=user, detail=f"role {group.name}")


@receiver(pre_save, sender=User, dispatch_uid="audit_superuser_before")
def _user_before(sender, instance, raw=False, **kwargs):
    old = None
    if instance.pk and not raw:
        old = User.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    instance._audit_was_superuser = old


@receiver(post_save, sender=User, dispatch_uid="audit_superuser_after")
def _user_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_audit_was_superuser", None)
    if instance.is_superuser and not old:
        audit.record(audit.SUPERUSER_GRANTED, obj=instance)
    elif old and not instance.is_superuser:
        audit.record(audit.SUPERUSER_REVOKED, obj=instance)

