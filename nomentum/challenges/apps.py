from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "nomentum.challenges"

    def ready(self) -> None:
        from nomentum.accounts.services import contribute
        from nomentum.challenges import account

        contribute(self.label, account.CONTRIBUTION)
