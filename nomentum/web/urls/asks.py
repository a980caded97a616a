from django.urls import path

from nomentum.web.pages import asks, transfer

app_name = "asks"
urlpatterns = [
    path("", asks.ask_list, name="list"),
    path("new", asks.ask_new, name="new"),
    path("categories", asks.category_list, name="categories"),
    path("categories/windows", asks.category_windows, name="category_windows"),
    path("overdue", asks.ask_overdue, name="overdue"),
    path("recipients", asks.recipient_list, name="recipients"),
    path("import", transfer.ask_import, name="import"),
    path("import/confirm", transfer.ask_import_confirm, name="import_confirm"),
    path("export.csv", transfer.ask_export_csv, name="export_csv"),
    path("export.json", transfer.ask_export_json, name="export_json"),
    path("<int:pk>/edit", asks.ask_edit, name="edit"),
    path("<int:pk>/delete", asks.ask_delete, name="delete"),
    path("<int:pk>/outcome", asks.ask_outcome, name="outcome"),
    path("<int:pk>/no-response", asks.ask_no_response, name="no_response"),
    path("<int:pk>/snooze", asks.ask_snooze, name="snooze"),
]
