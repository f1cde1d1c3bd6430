from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_default_role_permissions(sender, using="default", **kwargs) -> None:
    """After `migrate` (and after a test flush, which empties every table): if no role gives any permission
    at all, give each role its default permissions again. A table with rows is never touched, so a superuser's
    edits stay; an empty one would lock everybody out, which no one means."""
    from .models import RolePermission
    from .permissions import DEFAULT_ROLE_PERMISSIONS

    if RolePermission.objects.using(using).exists():
        return
    RolePermission.objects.using(using).bulk_create(
        [RolePermission(role=role, permission=code)
         for role, codes in DEFAULT_ROLE_PERMISSIONS.items() for code in sorted(codes)]
    )


class CoreConfig(AppConfig):
    """Missions, organisations, memberships, role permissions, the domain base model and the change log."""

    name = "peaceops.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import registry

        registry.discover()  # every app's permissions.py: the codes RolePermission accepts
        post_migrate.connect(install_default_role_permissions, sender=self,
                             dispatch_uid="peaceops.core.default_role_permissions")
