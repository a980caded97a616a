-- wrk script for bench/run.py: headers, request bodies, and a JSON summary.
--
-- Configured by environment variables (bench/run.py sets them):
--   BENCH_KIND     get (default), log (POST /api/v1/asks, a unique title each time)
--                  or answer (PATCH /api/v1/asks/<id>, cycling through BENCH_IDS_FILE)
--   BENCH_SESSION  session cookie value, for pages
--   BENCH_COOKIES  more cookies a browser would send with it ("name=value; ..."): its CSRF cookie
--   BENCH_TOKEN    API token, for the API
--   BENCH_IDS_FILE pending asks' ids, one a line, for answer
--   BENCH_RUN      a label that keeps titles unique across runs
--   BENCH_PACE_MS  if set, each connection waits this long between requests: clients
--                  that act now and then, instead of back to back
-- done() prints one line, "BENCH_JSON {...}": requests, non-2xx answers, socket
-- errors and latency percentiles in microseconds.

local kind = os.getenv("BENCH_KIND") or "get"
local session = os.getenv("BENCH_SESSION")
local cookies = os.getenv("BENCH_COOKIES")
local token = os.getenv("BENCH_TOKEN")
local label = os.getenv("BENCH_RUN") or "0"
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")

local threads = {}
local counter = 0
non_2xx = 0
local ids = {}

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   if session and session ~= "" then
      wrk.headers["Cookie"] = "sessionid=" .. session
      if cookies and cookies ~= "" then
         wrk.headers["Cookie"] = wrk.headers["Cookie"] .. "; " .. cookies
      end
   end
   if token and token ~= "" then
      wrk.headers["Authorization"] = "Bearer " .. token
   end
   if kind ~= "get" then
      wrk.headers["Content-Type"] = "application/json"
   end
   if kind == "answer" then
      for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
         table.insert(ids, line)
      end
   end
end

if kind == "log" then
   function request()
      counter = counter + 1
      local body = string.format(
         '{"title": "Bench pitch %s-%d-%d", "recipient": "Editor %d", "category": "Pitch"}',
         label, thread_number, counter, counter % 50)
      return wrk.format("POST", nil, nil, body)
   end
elseif kind == "answer" then
   function request()
      -- Every pass over the pending asks answers them the other way: a real change each time.
      local index = counter % #ids + 1
      local outcome = (math.floor(counter / #ids) % 2 == 0) and "no" or "yes"
      counter = counter + 1
      return wrk.format("PATCH", "/api/v1/asks/" .. ids[index], nil,
                        '{"outcome": "' .. outcome .. '"}')
   end
end

if pace then
   function delay()
      -- Spread around the pace, so the clients do not march in step.
      return math.random(pace / 2, pace * 3 / 2)
   end
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
end

function done(summary, latency, requests)
   local failed = 0
   for _, thread in ipairs(threads) do
      failed = failed + (thread:get("non_2xx") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
      summary.requests, summary.duration, summary.bytes, failed,
      e.connect, e.read, e.write, e.timeout,
      latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max))
end
