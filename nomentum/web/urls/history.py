from django.urls import path

from nomentum.web.pages import history as views

app_name = "history"
urlpatterns = [
    path("", views.history_index, name="index"),
    path("compare", views.compare, name="compare"),
    path("groups/<int:pk>/recipients", views.group_recipients, name="group_recipients"),
    # Any text, so that a year that is not one gets a sentence (the view checks it).
    path("<str:year>", views.year_review, name="year"),
]
