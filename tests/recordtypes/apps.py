from django.apps import AppConfig


class RecordTypesConfig(AppConfig):
    """Tests-only record types (no migrations: the test database creates their tables)."""

    name = "tests.recordtypes"
    label = "testrecords"
    default_auto_field = "django.db.models.BigAutoField"
