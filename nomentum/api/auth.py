from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from nomentum.accounts.models import ApiToken, User, hash_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        # Record use at most once a minute: a busy client must not turn every read into a write.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


# A bearer token first (outside clients), else the browser session (with its CSRF check).
AUTH = [BearerToken(), django_auth]
