from django.urls import path

from nomentum.web.pages import asks as views

app_name = "asks"
urlpatterns = [
    path("", views.ask_list, name="list"),
    path("new", views.ask_new, name="new"),
    path("categories", views.category_list, name="categories"),
    path("categories/windows", views.category_windows, name="category_windows"),
    path("overdue", views.ask_overdue, name="overdue"),
    path("recipients", views.recipient_list, name="recipients"),
    path("import", views.ask_import, name="import"),
    path("import/confirm", views.ask_import_confirm, name="import_confirm"),
    path("export.csv", views.ask_export_csv, name="export_csv"),
    path("export.json", views.ask_export_json, name="export_json"),
    path("<int:pk>/edit", views.ask_edit, name="edit"),
    path("<int:pk>/delete", views.ask_delete, name="delete"),
    path("<int:pk>/outcome", views.ask_outcome, name="outcome"),
    path("<int:pk>/no-response", views.ask_no_response, name="no_response"),
    path("<int:pk>/snooze", views.ask_snooze, name="snooze"),
]
