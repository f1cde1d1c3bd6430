from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts hardening: sign-in audit, two-factor sign-in, password policy, lock-out administration."""

    name = "peaceops.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
