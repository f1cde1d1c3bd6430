from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts hardening: sign-in audit, two-factor sign-in, password policy, lock-out administration."""

    name = "peaceops.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from peaceops.core.hooks import token_requested

        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
        from .twofactor import refuse_token

        token_requested.connect(refuse_token, dispatch_uid="peaceops.accounts.refuse_token")
