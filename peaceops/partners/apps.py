from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partners: what each organisation receives, field-level redaction, and signed partner feeds."""

    name = "peaceops.partners"
    label = "partners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from peaceops.core.kit.attachments import install_reader_rule

        from .redaction import reads_redacted

        install_reader_rule(reads_redacted)  # a record read redacted has its attachments withheld
