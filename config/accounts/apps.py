from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "config.accounts"
    label = "accounts"
    verbose_name = "Staff logins"

    def ready(self) -> None:
        # The log lines of logins come from signals: django.contrib.auth and django-axes
        # send them from inside authenticate() and login(), where no call of ours runs.
        from config.accounts import checks, logins  # noqa: F401
