"""Time each page of numbers computed (cache emptied first) and cached, in one process.

    .venv/bin/python bench/cached.py                  # scale M, SQLite in a temp dir
    .venv/bin/python bench/cached.py --scale S --runs 30

`make bench` measures the server under load, where nearly every request after
the first finds its page in the cache. This shows the other side: what the
first view after a change costs (numbers counted, page rendered), against a
cached view and the floor (/healthz), as CPU time of the same process
(median of --runs), through Django's test client with the bench user's
session and CSRF cookie, as a browser would send them.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable

import seed as bench_seed

PAGES = {
    "home page": "/",
    "ask list page": "/asks/",
    "board page": "/challenges/{challenge}/",
    "stats page": "/insights/",
    "GET /api/v1/stats": "/api/v1/stats",
    "GET /api/v1/forecast": "/api/v1/forecast?yeses=2",
}


def cpu_ms(call: Callable[[], object], runs: int, before: Callable[[], object]) -> float:
    """Return the median CPU time of call() in ms; before() runs untimed ahead of each."""
    samples = []
    for _ in range(runs):
        before()
        began = time.process_time()
        call()
        samples.append((time.process_time() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["S", "M"], default="M")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["NOMENTUM_DATA_DIR"] = tempfile.mkdtemp(prefix="nomentum-cached-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    bench_seed.setup_django()
    bench_seed.prepare()
    info = bench_seed.seed(bench_seed.SCALES[args.scale], random.Random(2026))  # noqa: S311 (fixed seed: repeatable data)

    from django.core.cache import cache
    from django.test import Client

    from nomentum.accounts.models import ApiToken, User

    bench = User.objects.get(pk=info["bench_user_id"])
    browser = Client()
    browser.force_login(bench)
    browser.get("/asks/new")  # the CSRF cookie a browser has
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(bench, 'cached')[1]}"})
    floor = Client()
    print(f"scale {args.scale}, SQLite, CPU ms per request, median of {args.runs}")
    print(f"{'':24} {'computed':>9} {'cached':>9}")
    floor_ms = cpu_ms(lambda: floor.get("/healthz"), args.runs, lambda: None)
    print(f"{'/healthz (floor)':24} {floor_ms:9.1f}")
    for name, path in PAGES.items():
        path = path.replace("{challenge}", str(info["challenge_id"]))
        client = api if path.startswith("/api/") else browser

        def get(client: Client = client, path: str = path) -> None:
            assert client.get(path).status_code == 200

        computed = cpu_ms(get, args.runs, cache.clear)
        get()
        cached = cpu_ms(get, args.runs, lambda: None)
        print(f"{name:24} {computed:9.1f} {cached:9.1f}")


if __name__ == "__main__":
    main()
