from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nomentum.accounts import urls as accounts_urls
from nomentum.api.api import api
from nomentum.notify import urls as notify_urls
from nomentum.web import demo as web_demo
from nomentum.web import onboarding, profile
from nomentum.web import views as web_views

# Two pages under /accounts/ belong to apps above accounts, which imports none of them: the
# profile (its form edits notify's email choices too) and the calendar feed. Their names and
# addresses stay those of the accounts namespace.
accounts_pages = [
    *accounts_urls.urlpatterns,
    path("profile", profile.profile, name="profile"),
    *notify_urls.calendar_urlpatterns,
]

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path(".well-known/security.txt", web_views.security_txt, name="security_txt"),
    path("welcome", onboarding.welcome, name="welcome"),
    path("welcome/goal", onboarding.welcome_goal, name="welcome_goal"),
    path("welcome/ask", onboarding.welcome_ask, name="welcome_ask"),
    path("demo", web_demo.demo_page, name="demo"),
    path("login", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("asks/", include("nomentum.web.urls.asks")),
    path("accounts/", include((accounts_pages, accounts_urls.app_name))),
    path("", include("nomentum.web.urls.challenges")),
    path("insights/", include("nomentum.web.urls.insights")),
    path("history/", include("nomentum.web.urls.history")),
    path("notify/", include("nomentum.notify.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "nomentum.web.views.bad_request"
