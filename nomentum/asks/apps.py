from django.apps import AppConfig


class AsksConfig(AppConfig):
    name = "nomentum.asks"

    def ready(self) -> None:
        from nomentum.asks import signals  # noqa: F401
