-- wrk script: GET a leader's summary (or any GET) with the bearer token in ANNEAL_TOKEN.
-- At the end it prints one line for the scripts to read:
--   RESULT requests=… duration_us=… rps=… p50_ms=… p95_ms=… p99_ms=… non2xx=… errors=…

local token = os.getenv("ANNEAL_TOKEN")
if not token or token == "" then
  error("set ANNEAL_TOKEN to a bearer token")
end
wrk.headers["Authorization"] = "Bearer " .. token

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f "
      .. "non2xx=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
