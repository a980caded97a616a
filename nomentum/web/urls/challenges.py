from django.urls import path

from nomentum.web.pages import challenges as views

app_name = "challenges"
urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/membership", views.membership_settings, name="membership"),
    path("groups/<int:pk>/leave", views.group_leave, name="leave"),
    path("groups/<int:pk>/invites", views.invite_create, name="invite_create"),
    path(
        "groups/<int:pk>/invites/<int:invite_pk>/revoke",
        views.invite_revoke,
        name="invite_revoke",
    ),
    path(
        "groups/<int:pk>/members/<int:member_pk>/remove", views.member_remove, name="member_remove"
    ),
    path(
        "groups/<int:pk>/members/<int:member_pk>/hand-over",
        views.member_hand_over,
        name="member_hand_over",
    ),
    path(
        "groups/<int:pk>/removals/<int:removal_pk>/let-back-in",
        views.removal_let_back_in,
        name="removal_let_back_in",
    ),
    path("groups/<int:pk>/challenges/new", views.challenge_new, name="challenge_new"),
    path("join/<str:code>", views.join, name="join"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/edit", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/end", views.challenge_end, name="challenge_end"),
    path("challenges/<int:pk>/goal", views.goal_set, name="goal"),
    path("challenges/<int:pk>/checkins", views.checkin_create, name="checkin"),
    path("cheers/<int:ask_pk>", views.cheer, name="cheer"),
]
