from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nomentum.api.api import api
from nomentum.web import demo as web_demo
from nomentum.web import onboarding
from nomentum.web import views as web_views

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
    path("asks/", include("nomentum.asks.urls")),
    path("accounts/", include("nomentum.accounts.urls")),
    path("", include("nomentum.challenges.urls")),
    path("insights/", include("nomentum.insights.urls")),
    path("history/", include("nomentum.insights.history_urls")),
    path("notify/", include("nomentum.notify.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "nomentum.web.views.bad_request"
