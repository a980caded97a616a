from django.urls import path

from nomentum.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.stats_page, name="stats"),
]
