from ninja import NinjaAPI

from nomentum.api import accounts, asks, errors
from nomentum.api.auth import AUTH

api = NinjaAPI(
    title="Nomentum API",
    version="1",
    description='Log asks, count no\'s, and follow rejection goals. Errors answer {"detail": ...}.',
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", asks.router)
