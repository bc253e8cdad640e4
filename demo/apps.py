from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo clinic (`manage.py seed_demo`): data for every app, so it sits above them all."""

    name = "demo"
    verbose_name = "Demo data"
