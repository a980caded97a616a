"""Write docs/PERFORMANCE.md and docs/perf-latency.svg from every bench/results/*.json.

    .venv/bin/python bench/report.py

bench/run.py calls this at the end of every run. The tables, the targets and the
chart are generated; two hand-kept sections are included as they are: what holds
each miss back (bench/findings.md) and how the server was chosen (bench/server_choice.md).
"""

import json
import math
from pathlib import Path
from xml.sax.saxutils import escape

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DOC = REPO / "docs" / "PERFORMANCE.md"
CHART = REPO / "docs" / "perf-latency.svg"
SCALE_ORDER = ["S", "M", "L"]
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Targets that are pages or endpoints (the floor is the yardstick, not a page).
PAGES = [
    "home",
    "ask_list",
    "board",
    "stats_page",
    "stats_api",
    "forecast_api",
    "log_ask",
    "log_ask_paced",
    "answer_ask",
]
S_THROUGHPUT = 0.5  # at S, a page serves at least half the floor's requests per second
M_P95_MS = 100  # at M, board and stats p95
M_POST_P99_MS = 50  # at M, logging an ask, p99 with 32 clients
L_GROWTH = 2  # at L, p95 at most twice S's
WORKER_MB = 150


def load() -> dict[tuple[str, str], dict]:
    results = {}
    for path in sorted((BENCH / "results").glob("*.json")):
        record = json.loads(path.read_text())
        results[(record["database"], record["scale"])] = record
    return results


def floor(record: dict) -> dict:
    """The floor of a run: the mean of /healthz measured first and last."""
    runs = [record["targets"][name] for name in ("floor", "floor_end") if name in record["targets"]]
    return {
        key: sum(run[key] for run in runs) / len(runs)
        for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms_per_request")
    }


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def scales_of(results: dict, database: str) -> list[str]:
    return [s for s in SCALE_ORDER if (database, s) in results]


# Tables --------------------------------------------------------------------------------


def run_table(record: dict) -> list[str]:
    base = floor(record)
    lines = [
        "| target | conns | req/s | ÷ floor | p50 ms | p95 ms | p99 ms | p95 ÷ floor | CPU ms/req "
        "| ÷ floor | queries | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in record["targets"].items():
        is_floor = name in {"floor", "floor_end"}
        # A paced run's req/s is what the clients asked for, not what the server can do.
        throughput = "paced" if "pace_ms" in result else f"{result['rps'] / base['rps']:.2f}"
        label = result["label"]
        lines.append(
            f"| {'**' + label + '**' if is_floor else label} | {result['connections']} "
            f"| {number(result['rps'])} | {throughput} "
            f"| {number(result['p50_ms'])} | {number(result['p95_ms'])} "
            f"| {number(result['p99_ms'])} "
            f"| {result['p95_ms'] / base['p95_ms']:.1f} "
            f"| {number(result['server_cpu_ms_per_request'])} "
            f"| {result['server_cpu_ms_per_request'] / base['server_cpu_ms_per_request']:.1f} "
            f"| {result['queries'] if result['queries'] is not None else '–'} "
            f"| {result['non_2xx'] + sum(result['socket_errors'].values())} |"
        )
    return lines


def run_section(record: dict) -> list[str]:
    data = record["data"]
    imports = record["import"]
    memory = record["memory"]
    after = record.get("memory_after_import", memory)
    base = floor(record)
    worker_rss = ", ".join(f"{worker['rss_mb']:.0f}" for worker in memory["workers"])
    return [
        f"#### {DATABASE_NAMES[record['database']]} {record['database_version']}, "
        f"scale {record['scale']}",
        "",
        f"{data['users']:,} users, {data['asks']:,} asks; the bench user has "
        f"{data['bench_user_asks']:,} asks and is in a {data['group_members']:,}-member group. "
        f"Measured {record['timestamp']} at commit {record['commit']}"
        f"{' (with uncommitted changes)' if record['dirty'] else ''}, "
        f"{record['settings']['duration_s']} s per target after a "
        f"{record['settings']['warmup_s']} s warm-up. Load average (1 min) during the run: "
        f"{load_range(record)}.",
        "",
        *run_table(record),
        "",
        f"Import of {imports['rows']:,} rows (POST /api/v1/import, one request, "
        f"{len(imports['runs_s'])} runs): median **{imports['median_s']:.2f} s** "
        f"(fastest {imports['min_s']:.2f} s, {imports['rows_per_s']:,} rows/s, "
        f"{imports['queries']} queries); the floor's p50 in the same run was "
        f"{base['p50_ms']:.1f} ms. Worker memory (RSS) after the load: "
        f"{worker_rss} MB, peak "
        f"{memory['max_peak_rss_mb']:.0f} MB; after the imports: peak "
        f"{after['max_peak_rss_mb']:.0f} MB.",
        "",
    ]


def load_range(record: dict) -> str:
    loads = [v for result in record["targets"].values() for v in result["loadavg_1m"]]
    return f"{min(loads):.1f}–{max(loads):.1f}"


# Targets ---------------------------------------------------------------------------------


def verdict(ok: bool, text: str) -> str:
    return f"{'met' if ok else '**missed**'}: {text}"


def targets(results: dict) -> list[str]:
    lines = []
    for database in DATABASE_NAMES:
        rows = []
        small = results.get((database, "S"))
        if small:
            base = floor(small)
            for name in PAGES:
                if name not in small["targets"] or "pace_ms" in small["targets"][name]:
                    continue
                result = small["targets"][name]
                ratio = result["rps"] / base["rps"]
                rows.append(
                    (
                        f"S: {result['label']} at ≥ 50% of the floor's req/s",
                        verdict(
                            ratio >= S_THROUGHPUT,
                            f"{result['rps']:.0f} of {base['rps']:.0f} req/s = {ratio:.0%}"
                            + (
                                ""
                                if ratio >= S_THROUGHPUT
                                else f"; needs {S_THROUGHPUT / ratio:.1f}x the throughput"
                            ),
                        ),
                    )
                )
        medium = results.get((database, "M"))
        if medium:
            for name in ("board", "stats_page", "stats_api"):
                if name not in medium["targets"]:
                    continue
                result = medium["targets"][name]
                ok = result["p95_ms"] < M_P95_MS
                rows.append(
                    (
                        f"M: {result['label']} p95 < {M_P95_MS} ms",
                        verdict(
                            ok,
                            f"{result['p95_ms']:.0f} ms"
                            + ("" if ok else f", {result['p95_ms'] / M_P95_MS:.1f}x the target")
                            + f" (server CPU {result['server_cpu_ms_per_request']:.0f} ms "
                            "per request)",
                        ),
                    )
                )
            for name in ("log_ask", "log_ask_paced"):
                if name not in medium["targets"]:
                    continue
                result = medium["targets"][name]
                ok = result["p99_ms"] < M_POST_P99_MS
                rows.append(
                    (
                        f"M: {result['label']}: p99 < {M_POST_P99_MS} ms",
                        verdict(
                            ok,
                            f"{result['p99_ms']:.0f} ms"
                            + (
                                ""
                                if ok
                                else f", {result['p99_ms'] / M_POST_P99_MS:.1f}x the target"
                            ),
                        ),
                    )
                )
        large = results.get((database, "L"))
        if large and small:
            for name in PAGES:
                if name not in large["targets"] or name not in small["targets"]:
                    continue
                growth = large["targets"][name]["p95_ms"] / small["targets"][name]["p95_ms"]
                rows.append(
                    (
                        f"L: {large['targets'][name]['label']} p95 ≤ 2x S's",
                        verdict(
                            growth <= L_GROWTH,
                            f"{large['targets'][name]['p95_ms']:.0f} ms against "
                            f"{small['targets'][name]['p95_ms']:.0f} ms = {growth:.1f}x",
                        ),
                    )
                )
        for scale in scales_of(results, database):
            peak = max(
                results[(database, scale)][key]["max_peak_rss_mb"]
                for key in ("memory", "memory_after_import")
                if key in results[(database, scale)]
            )
            rows.append(
                (
                    f"{scale}: a worker's memory < {WORKER_MB} MB",
                    verdict(
                        peak < WORKER_MB,
                        f"peak RSS {peak:.0f} MB"
                        + ("" if peak < WORKER_MB else f", {peak - WORKER_MB:.0f} MB over"),
                    ),
                )
            )
        if rows:
            lines += [
                f"### {DATABASE_NAMES[database]}",
                "",
                "| target | result |",
                "| --- | --- |",
                *[f"| {target} | {result} |" for target, result in rows],
                "",
            ]
    return lines


# The chart ---------------------------------------------------------------------------------

# Each line's colour and its name in the legend.
LINES = {
    "floor": ("#777777", "/healthz (floor)"),
    "home": ("#1f77b4", "home page"),
    "ask_list": ("#ff7f0e", "ask list page"),
    "board": ("#d62728", "board page"),
    "stats_page": ("#2ca02c", "stats page"),
    "stats_api": ("#17becf", "API stats"),
    "forecast_api": ("#9467bd", "API forecast"),
    "log_ask": ("#8c564b", "log an ask, 32 conns"),
    "log_ask_paced": ("#bcbd22", "log an ask, paced"),
    "answer_ask": ("#e377c2", "answer an ask"),
}


def chart(results: dict) -> str:
    """p95 latency against data size (asks in the database), log-log, one line per page."""
    width, height = 760, 440
    left, right, top, bottom = 76, 200, 44, 56
    points = []
    for (database, _scale), record in results.items():
        for name, result in record["targets"].items():
            if name in LINES:
                points.append((database, name, record["data"]["asks"], result["p95_ms"]))
    if not points:
        return ""
    xs = [math.log10(p[2]) for p in points]
    ys = [math.log10(max(p[3], 0.1)) for p in points]
    x_low, x_high = math.floor(min(xs)), math.ceil(max(xs))
    y_low, y_high = math.floor(min(ys)), math.ceil(max(ys))
    x_high = max(x_high, x_low + 1)
    y_high = max(y_high, y_low + 1)

    def x(value: float) -> float:
        return left + (math.log10(value) - x_low) / (x_high - x_low) * (width - left - right)

    def y(value: float) -> float:
        value = math.log10(max(value, 0.1))
        return height - bottom - (value - y_low) / (y_high - y_low) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="sans-serif" font-size="12">',
        "<title>p95 latency against data size</title>",
        "<desc>p95 latency in milliseconds of each page and endpoint under load, against the "
        "number of asks in the database, both on log scales; solid lines SQLite, dashed "
        "PostgreSQL.</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="24" font-size="15" font-weight="bold">'
        "p95 latency under load against data size</text>",
    ]
    for power in range(y_low, y_high + 1):
        value = 10**power
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#dddddd"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{value:g} ms</text>"
        )
    for power in range(x_low, x_high + 1):
        value = 10**power
        parts.append(
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{top}" y2="{height - bottom}" '
            'stroke="#eeeeee"/>'
            f'<text x="{x(value):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{value:,.0f}</text>"
        )
    parts.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 12}" text-anchor="middle">'
        "asks in the database (scales S, M, L)</text>"
    )
    legend_y = top
    for name, (colour, label) in LINES.items():
        for database in DATABASE_NAMES:
            line = sorted((p[2], p[3]) for p in points if p[0] == database and p[1] == name)
            if not line:
                continue
            dash = "" if database == "sqlite" else ' stroke-dasharray="6 4"'
            coordinates = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in line)
            parts.append(
                f'<polyline points="{coordinates}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
            for a, b in line:
                parts.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" fill="{colour}"/>')
        parts.append(
            f'<line x1="{width - right + 16}" x2="{width - right + 40}" y1="{legend_y}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{width - right + 46}" y="{legend_y + 4}">{escape(label)}</text>'
        )
        legend_y += 20
    parts.append(
        f'<text x="{width - right + 16}" y="{legend_y + 10}">solid: SQLite</text>'
        f'<text x="{width - right + 16}" y="{legend_y + 28}">dashed: PostgreSQL</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# The document ---------------------------------------------------------------------------------


def durations(results: dict) -> list[str]:
    """How long each part of the last runs took, seeding included."""

    def total(scales: set[str], database: str | None = None) -> float:
        return sum(
            record["seconds"]["run"]
            for (db, scale), record in results.items()
            if scale in scales and database in (None, db)
        )

    parts = []
    if any(scale in {"S", "M"} for _, scale in results):
        by_database = ", ".join(
            f"{DATABASE_NAMES[db]} {total({'S', 'M'}, db):.0f} s"
            for db in DATABASE_NAMES
            if total({"S", "M"}, db)
        )
        parts.append(
            f"`make bench` (S and M) took {total({'S', 'M'}) / 60:.1f} minutes ({by_database})."
        )
    if any(scale == "L" for _, scale in results):
        parts.append(f"`make bench-large` (L) took {total({'L'}) / 60:.1f} minutes.")
    return [" ".join(parts), ""] if parts else []


def document(results: dict) -> str:
    first = next(iter(results.values()))
    machine = first["machine"]
    lines = [
        "# Performance",
        "",
        "<!-- Generated by bench/report.py from bench/results/*.json: edit bench/report.py, "
        "bench/findings.md or bench/server_choice.md instead. -->",
        "",
        "## How it is measured",
        "",
        "    make bench          # scales S and M, SQLite, then PostgreSQL when reachable",
        "    make bench-large    # scale L (10,000 users, 1,000,000 asks)",
        "",
        "`bench/run.py` seeds a fresh database at each scale (`bench/seed.py`), migrates it and "
        "collects static files as `make run` does, and starts the production server, "
        "`scripts/serve` (granian, 2 workers × 4 threads, DEBUG off), on a free port. `wrk` then "
        "drives it over loopback from a second process (`bench/wrk.lua` adds the session "
        "cookie or the API token, makes each logged ask unique, cycles the answers through the "
        "bench user's pending asks, and reports latency percentiles and any non-2xx answer). "
        "wrk rather than locust or a Python client: it is written in C, so at these rates it "
        "takes a small part of one core from the server it measures, and its Lua scripting "
        "covers the headers, the bodies and the percentiles. "
        "wrk runs one thread (`-t1`), so the load client takes at most one of the two cores; "
        "8 connections for reads and answers (as many as the server has threads, so requests "
        "queue for the CPU, not in the listen backlog), 32 to log asks (the target's 32 "
        "concurrent clients). Each target gets a warm-up, then a timed run; the writes come "
        "after the pages, so the asks they add do not change the pages' figures. wrk keeps every "
        "connection busy back to back, so these runs measure the server saturated: latency "
        "there is mostly queueing (32 clients at 30 req/s wait about a second each). Logging "
        "an ask is therefore also measured paced: the same 32 clients, each sending an ask "
        "every 1–3 s (wrk's `delay()`), which shows the latency a client sees when the "
        "server is not saturated. A target that completes fewer than 40 requests in its run "
        "is run again three times as long (at most 54 s), so that every p95 rests on enough "
        "requests.",
        "",
        "- **The floor** is `/healthz` on the same server in the same run: the whole request "
        "path (granian, WSGI, every middleware) and one `SELECT 1`, nothing else. It is measured "
        "first and last; the ratios use the mean of the two. It makes that one query because "
        "`/healthz` answers 200 only when the database answers.",
        "- **÷ floor**: req/s as a fraction of the floor's; p95 and server CPU per request as "
        "multiples of the floor's.",
        "- **CPU ms/req**: the server processes' user + system CPU time during the timed run "
        "divided by the requests served. On a shared machine it is steadier than req/s.",
        "- **errors**: non-2xx answers plus wrk's socket errors (a request still unanswered "
        "after 10 s counts as a timeout; its latency is then missing from the percentiles).",
        "- **queries**: the same request made once in-process with Django's test client and "
        "`CaptureQueriesContext` against the same database (the server cannot report them), "
        "after a first one, as under load: pages of numbers come from the cache, and the count "
        "includes the database cache's read. tests/perf/test_bench_queries.py counts each "
        "request both ways, computed and cached, with a small and a grown history.",
        "- **memory**: the resident set (VmRSS, and its peak VmHWM) of each granian worker, "
        "read from /proc after the load and again after the imports.",
        "- **import**: one `POST /api/v1/import` of a 10,000-row CSV (0.7 MB), timed three times, "
        "each into an account of its own.",
        "",
        f"Machine: {machine['cpus']} cores ({machine['cpu_model']}), {machine['memory_gb']} GB, "
        f"Python {machine['python']}, {machine['wrk']}. It is shared: other jobs ran during the "
        "runs (load averages are given with each table), so absolute figures are noisy; the "
        "ratios against the floor of the same run are what count.",
        "",
        *durations(results),
        "## Targets",
        "",
        *targets(results),
        "The latency targets are read under load: 8 connections for pages, so the server "
        "is saturated and a request also waits for the others. The server CPU per request "
        "beside them is what one request costs on its own; on SQLite it includes the "
        "database's work, on PostgreSQL the database's work comes on top of it. Where that "
        "alone is over 100 ms, the page misses the target even with one client.",
        "",
        "## Latency against data size",
        "",
        "![p95 latency of each page against the number of asks](perf-latency.svg)",
        "",
        "## Results",
        "",
    ]
    for database in DATABASE_NAMES:
        scales = scales_of(results, database)
        if not scales:
            continue
        lines += [f"### {DATABASE_NAMES[database]}", ""]
        for scale in scales:
            lines += run_section(results[(database, scale)])
    findings = BENCH / "findings.md"
    if findings.exists():
        lines += [findings.read_text().rstrip(), ""]
    lines += [(BENCH / "server_choice.md").read_text().rstrip(), ""]
    return "\n".join(lines)


def main() -> None:
    results = load()
    if not results:
        raise SystemExit("no results in bench/results/: run bench/run.py first")
    CHART.write_text(chart(results))
    DOC.write_text(document(results))
    print(f"wrote {DOC.relative_to(REPO)} and {CHART.relative_to(REPO)}")


if __name__ == "__main__":
    main()
