-- wrk script for bench/run: POST /v1/events as one of CLUSTERS clusters (a random bearer token
-- bench-token-0001 ... per request, as in the regions.yaml that bench/run generates), each body BATCH
-- host-os events with fresh random ids, so every event is a real insert, never a duplicate.
--
--   BATCH      events per request (default 100)
--   CLUSTERS   number of cluster tokens to pick from (default 1000)
--   RATE       optional: requests/s over all threads, paced through delay(); unset: as fast as the
--              connections go
--   THREADS    the -t given to wrk (needed with RATE: each thread paces its share)
--
-- done() prints one line for bench/run to parse:
--   BENCH requests=.. duration_us=.. p50_us=.. p99_us=.. max_us=.. accepted=.. duplicates=..
--         rejected=.. connect=.. read=.. write=.. timeout=.. statuses=200:n,503:m
-- accepted/duplicates/rejected are summed from the 200 answers' bodies, so events/s counts only
-- events the gateway reported as stored.
--
--   BATCH=100 wrk -t2 -c32 -d30s -s src/bench/gateway.lua http://127.0.0.1:8080/v1/events

local batch = tonumber(os.getenv("BATCH") or "100")
local clusters = tonumber(os.getenv("CLUSTERS") or "1000")
local rate = tonumber(os.getenv("RATE") or "")
local thread_count = tonumber(os.getenv("THREADS") or "1")

-- A wall clock finer than os.time()'s seconds, for pacing and seeding (os.clock() is CPU time).
-- CLOCK_MONOTONIC is 1 on Linux, which bench/run needs anyway (/proc).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local timespec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec)
  return tonumber(timespec.tv_sec) * 1e3 + tonumber(timespec.tv_nsec) / 1e6
end

-- Random version-4 UUID. Five calls per id: a per-character gsub (as in ingest.lua) costs enough
-- CPU at 50k events/s to slow down wrk, which shares the machine with the gateway.
local random = math.random
local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%04x%08x",
    random(0, 0xffffffff), random(0, 0xffff), random(0, 0xfff),
    random(0x8000, 0xbfff), random(0, 0xffff), random(0, 0xffffffff))
end

-- One time for the whole run: inside the retention window and not in the future; the ids make each
-- event new. The data is the example event of README.md.
local event_head = '{"id":"'
local event_tail = '","type":"host-os","source":"UTC","time":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ") ..
  '","data":{"osName":"Windows Server","osVersion":"10.0.20348.2461","model":"PowerEdge R750",' ..
  '"eventName":"HostBoot","deviceId":"d-7f3a9c","countryCode":"DE","flags":{"secureBoot":true,"tpmVersion":2}}}'

local authorizations = {}
for i = 1, clusters do
  authorizations[i] = string.format("Bearer bench-token-%04d", i)
end
local headers = {["Content-Type"] = "application/json"}

-- Runs in the main Lua state, once per thread, before the threads start. Each thread has a Lua state
-- of its own, so the threads are kept here for done() to collect their counters.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

-- Per-thread counters (globals of the thread's state, read by done() through thread:get).
statuses = {}
accepted, duplicates, rejected = 0, 0, 0

function init(args)
  -- Every state starts from the same seed; without this both threads send the same ids.
  math.randomseed(now_ms() * 1e3 + (thread_index or 0) * 7919)
end

function request()
  local events = {}
  for i = 1, batch do
    events[i] = event_head .. uuid() .. event_tail
  end
  headers["Authorization"] = authorizations[random(1, clusters)]
  return wrk.format("POST", nil, headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end

function response(status, _, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 and body then
    accepted = accepted + tonumber(body:match('"accepted":(%d+)') or 0)
    duplicates = duplicates + tonumber(body:match('"duplicates":(%d+)') or 0)
    local _, refused = body:gsub('"index":', "")
    rejected = rejected + refused
  end
end

if rate then
  -- Each thread sends at fixed slots RATE/THREADS per second apart. A slot is reserved when a
  -- connection asks for its next request, so wrk's whole-millisecond timer rounds each wait but the
  -- error does not accumulate. A thread that fell more than a slot behind starts again from now
  -- instead of bursting to catch up; the achieved rate is reported either way.
  local interval = thread_count * 1000 / rate
  local next_slot
  function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now - interval then
      next_slot = now
    end
    next_slot = next_slot + interval
    return math.max(0, math.floor(next_slot - now))
  end
end

function done(summary, latency, _)
  local by_status, total_accepted, total_duplicates, total_rejected = {}, 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
    end
    total_accepted = total_accepted + thread:get("accepted")
    total_duplicates = total_duplicates + thread:get("duplicates")
    total_rejected = total_rejected + thread:get("rejected")
  end
  local parts = {}
  for status, n in pairs(by_status) do
    parts[#parts + 1] = status .. ":" .. n
  end
  table.sort(parts)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d accepted=%d duplicates=%d " ..
      "rejected=%d connect=%d read=%d write=%d timeout=%d statuses=%s\n",
    summary.requests, summary.duration, math.floor(latency:percentile(50)),
    math.floor(latency:percentile(99)), latency.max, total_accepted, total_duplicates, total_rejected,
    errors.connect, errors.read, errors.write, errors.timeout,
    #parts > 0 and table.concat(parts, ",") or "-"))
end
