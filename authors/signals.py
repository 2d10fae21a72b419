from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .onboarding import DESK_GROUPS, admit_to_desk, is_desk_group, leave_desk

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through)
def desk_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Staff status follows the desk groups, changed from either side of the relation:
    ``user.groups.add(writers)`` or ``writers.user_set.add(user)``."""
    if action == "pre_clear":
        # Who is leaving is known only before the rows go.
        instance._left_desk = (
            list(instance.user_set.all())
            if reverse and instance.name in DESK_GROUPS
            else [instance]
            if not reverse and instance.groups.filter(name__in=DESK_GROUPS).exists()
            else []
        )
        return
    if action == "post_clear":
        users = instance.__dict__.pop("_left_desk", [])
    elif action in ("post_add", "post_remove"):
        if reverse:
            users = User.objects.filter(pk__in=pk_set) if instance.name in DESK_GROUPS else []
        else:
            users = [instance] if is_desk_group(pk_set) else []
    else:
        return
    for user in users:
        if action == "post_add":
            admit_to_desk(user)
        else:
            leave_desk(user)
