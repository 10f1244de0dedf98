-- wrk script: POST one valid weekly pulse to /api/v1/checkins with a bearer token.
--
-- ANNEAL_TOKENS_FILE names a file with one bearer token per line. Every request takes the next
-- token in turn, so the load is spread over that many people, as it is in real use (each person
-- checks in about once a week). A file with one token puts all the load on one person.
--
-- At the end it prints one line for the scripts to read:
--   RESULT requests=… duration_us=… rps=… p50_ms=… p90_ms=… p99_ms=… non2xx=… errors=…

local body = '{"answers":{"energy":3,"load":4,"stress":3,"meaning":3,'
  .. '"growth":3,"skills":3,"connection":3}}'

local function read_tokens()
  local path = os.getenv("ANNEAL_TOKENS_FILE")
  if not path then
    error("set ANNEAL_TOKENS_FILE to a file with one bearer token per line")
  end
  local tokens = {}
  for line in io.lines(path) do
    if line ~= "" then
      tokens[#tokens + 1] = line
    end
  end
  if #tokens == 0 then
    error(path .. " has no tokens")
  end
  return tokens
end

local requests = {}
local next_request = 1

function init(args)
  for _, token in ipairs(read_tokens()) do
    requests[#requests + 1] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
    }, body)
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
      .. "non2xx=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
