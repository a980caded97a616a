from django.urls import path

from nomentum.asks import views

app_name = "asks"
urlpatterns = [
    path("", views.ask_list, name="list"),
    path("new", views.ask_new, name="new"),
    path("categories", views.category_list, name="categories"),
    path("<int:pk>/edit", views.ask_edit, name="edit"),
    path("<int:pk>/delete", views.ask_delete, name="delete"),
    path("<int:pk>/outcome", views.ask_outcome, name="outcome"),
]
