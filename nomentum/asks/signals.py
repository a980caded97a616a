from django.db.models.signals import post_save
from django.dispatch import receiver

from nomentum.accounts.models import User
from nomentum.asks.services import create_default_categories


# A signal rather than a call in the sign-up view: users are also made by the
# API, the admin, createsuperuser and imports, and each needs the defaults.
@receiver(post_save, sender=User, dispatch_uid="asks_default_categories")
def give_new_user_default_categories(
    sender, instance: User, created: bool, raw: bool = False, **kwargs
):
    if created and not raw:
        create_default_categories(instance)
