from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "nomentum.insights"
