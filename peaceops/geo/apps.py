from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "peaceops.geo"
    label = "geo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from peaceops.core.kit.mixins import install_locator

        from .locate import locate_records
        from .placeindex import record_deleted, record_saved

        install_locator(locate_records)
        # The place index follows the records of the place sources the apps above register (geo.sources).
        post_save.connect(record_saved, dispatch_uid="geo.placeindex.record_saved")
        post_delete.connect(record_deleted, dispatch_uid="geo.placeindex.record_deleted")
