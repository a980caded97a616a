from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from nomentum.accounts import views

app_name = "accounts"
# The namespace also holds the profile page and the calendar feed, which belong to apps above
# accounts: nomentum/urls.py adds them.
urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("tokens", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke", views.token_revoke, name="token_revoke"),
    path("export", views.account_export, name="export"),
    path("delete", views.account_delete, name="delete"),
    path("calendar/new", views.calendar_new, name="calendar_new"),
    path("calendar/off", views.calendar_off, name="calendar_off"),
    path(
        "password/change",
        views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset",
        views.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")),
        name="password_reset",
    ),
    path(
        "password/reset/sent",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
