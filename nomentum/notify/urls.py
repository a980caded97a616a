from django.urls import path

from nomentum.notify import views

app_name = "notify"
urlpatterns = [
    path("unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
]

# Served in the accounts namespace, at /accounts/calendar/<token>.ics (nomentum/urls.py): the
# address is in the calendars people subscribed to, so it stays where it has always been.
calendar_urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
