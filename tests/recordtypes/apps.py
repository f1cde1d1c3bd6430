from django.apps import AppConfig


class RecordTypesConfig(AppConfig):
    """Tests-only record types (their migration creates the tables in the test database only)."""

    name = "tests.recordtypes"
    label = "testrecords"
    default_auto_field = "django.db.models.BigAutoField"
