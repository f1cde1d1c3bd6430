from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partners: what each organisation receives, field-level redaction, and signed partner feeds."""

    name = "peaceops.partners"
    label = "partners"
    default_auto_field = "django.db.models.BigAutoField"
