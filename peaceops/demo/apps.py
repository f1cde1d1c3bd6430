from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo missions (organisations, users, scenario, bundled real data) and the `peaceops demo` command."""

    name = "peaceops.demo"
    label = "demo"
