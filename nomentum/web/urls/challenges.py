from django.urls import path

from nomentum.web.pages import challenges, groups

app_name = "challenges"
urlpatterns = [
    path("groups/", groups.group_list, name="groups"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
    path("groups/<int:pk>/membership", groups.membership_settings, name="membership"),
    path("groups/<int:pk>/leave", groups.group_leave, name="leave"),
    path("groups/<int:pk>/invites", groups.invite_create, name="invite_create"),
    path(
        "groups/<int:pk>/invites/<int:invite_pk>/revoke",
        groups.invite_revoke,
        name="invite_revoke",
    ),
    path(
        "groups/<int:pk>/members/<int:member_pk>/remove", groups.member_remove, name="member_remove"
    ),
    path(
        "groups/<int:pk>/members/<int:member_pk>/hand-over",
        groups.member_hand_over,
        name="member_hand_over",
    ),
    path(
        "groups/<int:pk>/removals/<int:removal_pk>/let-back-in",
        groups.removal_let_back_in,
        name="removal_let_back_in",
    ),
    path("groups/<int:pk>/challenges/new", challenges.challenge_new, name="challenge_new"),
    path("join/<str:code>", groups.join, name="join"),
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/edit", challenges.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/end", challenges.challenge_end, name="challenge_end"),
    path("challenges/<int:pk>/goal", challenges.goal_set, name="goal"),
    path("challenges/<int:pk>/checkins", challenges.checkin_create, name="checkin"),
    path("cheers/<int:ask_pk>", challenges.cheer, name="cheer"),
]
