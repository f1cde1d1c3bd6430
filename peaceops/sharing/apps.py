from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "peaceops.sharing"
    label = "sharing"
    verbose_name = "Sharing"
