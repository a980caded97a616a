from django.apps import AppConfig


class AsksConfig(AppConfig):
    name = "nomentum.asks"

    def ready(self) -> None:
        from nomentum.accounts.services import contribute
        from nomentum.asks import account, signals  # noqa: F401

        contribute(self.label, account.CONTRIBUTION)
