-- wrk script: POST /v1/events with batches of fresh host-os events (new ids every request, so every
-- event is a real insert, not a duplicate). Usage, with the gateway running:
--   BATCH=100 wrk -t2 -c8 -d30s -s src/bench/ingest.lua http://localhost:8080/v1/events
local batch = tonumber(os.getenv("BATCH") or "100")
local token = os.getenv("TOKEN") or "dev-token-eastus-1"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

local now = os.date("!%Y-%m-%dT%H:%M:%SZ")

request = function()
  local events = {}
  for i = 1, batch do
    events[i] = '{"id":"' .. uuid() .. '","type":"host-os","source":"UTC","time":"' .. now ..
      '","data":{"osName":"Windows Server","osVersion":"10.0.20348.2461","model":"PowerEdge R750",' ..
      '"eventName":"HostBoot","deviceId":"d-7f3a9c","countryCode":"DE","flags":{"secureBoot":true,"tpmVersion":2}}}'
  end
  local body = '{"events":[' .. table.concat(events, ",") .. ']}'
  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.0f, events/s: %.0f, p50 %.1f ms, p99 %.1f ms, errors: %d non-2xx\n",
    summary.requests / (summary.duration / 1e6), batch * summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
