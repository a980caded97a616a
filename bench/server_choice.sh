#!/usr/bin/env bash
# Which production server should `make run` use? Measures gunicorn (sync, gthread)
# and granian (WSGI) with wrk on 127.0.0.1 only, against a throwaway SQLite
# database (one user, 600 asks), and prints a markdown table.
#
#   bash bench/server_choice.sh     # no arguments; about 17 minutes
#
# Needs wrk (apt-get install -y wrk). Servers run from a separate venv
# ($SERVER_VENV, default /tmp/servervenv), created here if missing with the
# pinned dependencies plus granian, so the project's .venv is never touched.
# It serves a snapshot of HEAD (git archive), not the live checkout.
# Access logs are off. Every server runs the whole time on its own port, and
# the measurements are interleaved: for each round, path and connection count,
# every server in turn (the order rotates each round), so load from other users
# of a shared machine spreads over all servers instead of hitting one.
# Every process started here is stopped on exit; the data dir is a temp dir.
# Knobs (environment): DURATION (s per measurement, 10), WARMUP (s, 3), ROUNDS (3).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_VENV=${SERVER_VENV:-/tmp/servervenv}
GRANIAN_VERSION=${GRANIAN_VERSION:-2.8.7}
# gunicorn is no longer a dependency of Nomentum; the comparison installs it here.
GUNICORN_VERSION=${GUNICORN_VERSION:-27.0.1}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
CONNS=(8 32)
PATHS=(/healthz / /asks/)
HOST=127.0.0.1

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [[ ! -x $SERVER_VENV/bin/granian || ! -x $SERVER_VENV/bin/gunicorn ]]; then
    echo "Creating $SERVER_VENV (project + granian==$GRANIAN_VERSION + gunicorn==$GUNICORN_VERSION)..." >&2
    python3 -m venv "$SERVER_VENV"
    "$SERVER_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -c "$REPO/constraints.txt" -e "$REPO" "granian==$GRANIAN_VERSION" "gunicorn==$GUNICORN_VERSION" 2>&1 | grep -v '^WARNING' >&2 || true
fi
PY=$SERVER_VENV/bin/python

WORK=$(mktemp -d /tmp/server-choice.XXXXXX)
PGIDS=()
cleanup() {
    local pgid
    for pgid in "${PGIDS[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || kill -TERM "$pgid" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for pgid in "${PGIDS[@]}"; do kill -0 -- "-$pgid" 2>/dev/null || kill -0 "$pgid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.2
    done
    for pgid in "${PGIDS[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || kill -KILL "$pgid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Serve a snapshot of the last commit, not the live checkout: others may edit or
# commit while this runs, and a recycled gunicorn worker would load their code.
SRC=$WORK/src
mkdir "$SRC"
git -C "$REPO" archive HEAD | tar -x -C "$SRC"
COMMIT=$(git -C "$REPO" rev-parse --short HEAD)
export PYTHONPATH=$SRC NOMENTUM_DATA_DIR=$WORK/data DJANGO_SETTINGS_MODULE=nomentum.settings
cd "$SRC"
[[ $("$PY" -c 'import nomentum; print(nomentum.__file__)') == "$SRC"/* ]] || { echo "snapshot not imported" >&2; exit 1; }
echo "Seeding $NOMENTUM_DATA_DIR..." >&2
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py createcachetable
"$PY" manage.py collectstatic --noinput --verbosity 0
SESSIONID=$("$PY" manage.py shell -c '
import datetime as dt, random
from django.test import Client
from nomentum.accounts.models import User
from nomentum.asks.models import Ask, Outcome
random.seed(1)
user = User.objects.create_user("bench", "bench@example.com", "bench-password-123")
today = dt.date.today()
asks = []
for i in range(600):
    asked = today - dt.timedelta(days=random.randrange(0, 720))
    outcome = random.choice([Outcome.PENDING, Outcome.NO, Outcome.NO, Outcome.YES,
                             Outcome.NO_RESPONSE, Outcome.WITHDRAWN])
    decided = None if outcome == Outcome.PENDING else min(today, asked + dt.timedelta(days=random.randrange(0, 40)))
    asks.append(Ask(user=user, title=f"Ask number {i}", recipient=f"Person {i % 37}",
                    asked_on=asked, outcome=outcome, decided_on=decided))
Ask.objects.bulk_create(asks)
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
' | tail -n 1)
COOKIE="Cookie: sessionid=$SESSIONID"

# gunicorn as it was measured against granian: gthread, 4 threads a worker, no
# access log (gunicorn 27 rejects --access-logfile '', so a config file says it).
cat >"$WORK/gunicorn_noaccess.py" <<'EOF'
worker_class = "gthread"
threads = 4
timeout = 30
keepalive = 5
accesslog = None
EOF

# name|command; @PORT@ becomes the server's own port.
GUNICORN="$SERVER_VENV/bin/gunicorn nomentum.wsgi --config $WORK/gunicorn_noaccess.py --bind $HOST:@PORT@ --workers 2"
GRANIAN="$SERVER_VENV/bin/granian --interface wsgi --host $HOST --port @PORT@ --workers 2 --no-access-log --log-level warning"
SERVERS=(
    "gunicorn sync 2w|$GUNICORN --worker-class sync --threads 1"
    "gunicorn gthread 2w x 4t|$GUNICORN"
    "granian 2w x 1 blocking thread|$GRANIAN --blocking-threads 1 nomentum.wsgi:application"
    "granian 2w x 4 blocking threads|$GRANIAN --blocking-threads 4 nomentum.wsgi:application"
    # No --blocking-threads: granian 2.8 then gives WSGI backpressure/2 = 256 threads per worker.
    "granian 2w, default threads|$GRANIAN nomentum.wsgi:application"
)
N=${#SERVERS[@]}
read -r -a PORTS <<<"$("$PY" -c "
import socket
socks = [socket.socket() for _ in range($N)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")"

start_server() {
    local i=$1 cmd=${SERVERS[$1]#*|} pgid url=http://$HOST:${PORTS[$1]}
    cmd=${cmd//@PORT@/${PORTS[$i]}}
    setsid bash -c "exec $cmd" >"$WORK/server$i.log" 2>&1 &
    pgid=$!
    PGIDS+=("$pgid")
    # setsid makes the server its own process group, so stopping it stops its workers too.
    for _ in $(seq 50); do
        [[ $(ps -o pgid= -p "$pgid" | tr -d ' ') == "$pgid" ]] && break
        sleep 0.1
    done
    [[ $(ps -o pgid= -p "$pgid" | tr -d ' ') == "$pgid" ]] || { echo "no process group: $cmd" >&2; exit 1; }
    for _ in $(seq 150); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/healthz") == 200 ]] && return 0
        sleep 0.2
    done
    echo "server did not come up: $cmd" >&2
    cat "$WORK/server$i.log" >&2
    exit 1
}

check_pages() {
    # A lost session would turn / into the landing page and /asks/ into a 302:
    # wrk would count those as successes, so check the pages once first.
    local url=http://$HOST:${PORTS[$1]} code path
    for path in / /asks/; do
        code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -H "$COOKIE" "$url$path")
        if [[ $code != 200 ]] || ! grep -q 'Ask number' "$WORK/page.html"; then
            echo "GET $path as the bench user gave $code without its asks" >&2
            exit 1
        fi
    done
}

run_wrk() {
    # /healthz goes without the session cookie, so it stays the floor: one SELECT 1.
    local port=$1 conns=$2 secs=$3 path=$4 header=()
    [[ $path == /healthz ]] || header=(-H "$COOKIE")
    timeout $((secs + 15)) wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s --latency \
        "${header[@]}" "http://$HOST:$port$path"
}

# CPU seconds used so far by a server: its processes plus the workers it reaped.
cpu_seconds() {
    local pid stats=""
    for pid in $(ps -o pid= -g "$1"); do stats+="$(cat "/proc/$pid/stat" 2>/dev/null || true)"$'\n'; done
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 } END { printf "%.2f", s / hz }' <<<"$stats"
}

# wrk's latency text (850.00us, 1.23ms, 1.02s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
        printf "%.1f", n }'
}

RESULTS=$WORK/results.tsv # round server path conns rps p50 p99 errors cpu_ms_per_request
: >"$RESULTS"

for ((i = 0; i < N; i++)); do
    echo "starting ${SERVERS[$i]%%|*}" >&2
    start_server "$i"
    check_pages "$i"
done
for ((i = 0; i < N; i++)); do
    for path in "${PATHS[@]}"; do run_wrk "${PORTS[$i]}" 32 "$WARMUP" "$path" >/dev/null; done
done

for round in $(seq "$ROUNDS"); do
    for path in "${PATHS[@]}"; do
        for conns in "${CONNS[@]}"; do
            echo "round $round/$ROUNDS: $path at $conns connections" >&2
            for ((k = 0; k < N; k++)); do
                i=$(((k + round - 1) % N))
                before=$(cpu_seconds "${PGIDS[$i]}")
                out=$(run_wrk "${PORTS[$i]}" "$conns" "$DURATION" "$path")
                after=$(cpu_seconds "${PGIDS[$i]}")
                awk -v round="$round" -v name="${SERVERS[$i]%%|*}" -v path="$path" -v conns="$conns" \
                    -v p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")" \
                    -v p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")" \
                    -v cpu="$(awk -v a="$after" -v b="$before" 'BEGIN {print a - b}')" '
                    / requests in / { n = $1 }
                    /^Requests\/sec:/ { rps = $2 }
                    /Non-2xx/ { err += $NF }
                    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
                    END { printf "%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%d\t%.2f\n",
                          round, name, path, conns, rps, p50, p99, err, n ? 1000 * cpu / n : 0 }' \
                    <<<"$out" >>"$RESULTS"
            done
        done
    done
done

# Any failed request: show what the servers logged.
if awk -F'\t' '$8 > 0 {bad = 1} END {exit !bad}' "$RESULTS"; then
    for ((i = 0; i < N; i++)); do
        echo "--- ${SERVERS[$i]%%|*}: last lines of its log" >&2
        tail -n 20 "$WORK/server$i.log" >&2
    done
fi

# Resident memory after the run: every process of each server (main + workers).
MEMORY=$WORK/memory.tsv # server total_mib per_worker_mib
: >"$MEMORY"
for ((i = 0; i < N; i++)); do
    total=$(ps -o rss= -g "${PGIDS[$i]}" | awk '{s += $1} END {printf "%.0f", s / 1024}')
    per=$(ps -o rss= --ppid "${PGIDS[$i]}" | awk '{s += $1} END {printf "%.0f", NR ? s / NR / 1024 : 0}')
    printf '%s\t%s\t%s\n' "${SERVERS[$i]%%|*}" "$total" "$per" >>"$MEMORY"
done

echo
echo "$("$SERVER_VENV/bin/gunicorn" --version), granian $("$SERVER_VENV/bin/granian" --version | awk '{print $2}'), wrk $(wrk --version 2>&1 | awk 'NR == 1 {print $2}'); $(nproc) cores, wrk on the same machine."
echo "Commit $COMMIT. wrk -t2 -d${DURATION}s --latency, ${ROUNDS} interleaved rounds after a ${WARMUP}s warm-up per path; /healthz without a session, / and /asks/ logged in."
echo "req/s: median of the rounds [lowest-highest]; p50/p99 ms: medians; CPU: server CPU ms per request, median;"
echo "errors: non-2xx responses and socket errors, all rounds; RSS: all processes after the run (per worker)."
echo
echo "| server | conns | /healthz req/s | p50/p99 | CPU | / req/s | p50/p99 | CPU | /asks/ req/s | p50/p99 | CPU | errors | RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for entry in "${SERVERS[@]}"; do
    name=${entry%%|*}
    mem=$(awk -F'\t' -v s="$name" '$1 == s {printf "%s (%s)", $2, $3}' "$MEMORY")
    for conns in "${CONNS[@]}"; do
        awk -F'\t' -v s="$name" -v c="$conns" -v mem="$mem" '
            function median(list,    a, n, i, j, t) {
                n = split(list, a, " ")
                for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                lo = a[1]; hi = a[n]
                return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            }
            $2 == s && $4 == c { rps[$3] = rps[$3] " " $5; p50[$3] = p50[$3] " " $6; p99[$3] = p99[$3] " " $7
                                 cpu[$3] = cpu[$3] " " $9; err += $8 }
            END {
                row = "| " s " | " c
                split("/healthz / /asks/", paths, " ")
                for (k = 1; k <= 3; k++) {
                    p = paths[k]
                    m = median(rps[p]); row = row sprintf(" | %.0f [%.0f-%.0f]", m, lo, hi)
                    row = row sprintf(" | %.0f/%.0f", median(p50[p]), median(p99[p]))
                    row = row sprintf(" | %.1f", median(cpu[p]))
                }
                print row " | " err " | " mem " |"
            }' "$RESULTS"
    done
done
