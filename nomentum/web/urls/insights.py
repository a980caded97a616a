from django.urls import path

from nomentum.web.pages import insights as views

app_name = "insights"
urlpatterns = [
    path("", views.stats_page, name="stats"),
]
