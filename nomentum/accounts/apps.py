from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nomentum.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from nomentum.accounts.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="nomentum.accounts.stamp_login")
