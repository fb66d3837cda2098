-- wrk: GET requests drawn at random from PATHS_FILE (one path a line), each connection pausing
-- WRK_DELAY_MS on average between requests, so the offered rate is about connections x 1000 / delay
-- (Debian has wrk, not wrk2). Used by scale.sh; AUDIT_TOKEN is the bearer token.
-- The pauses are drawn from an exponential distribution (each connection a Poisson process, as
-- independent users are). A fixed pause, used until 2026-12-05, kept the connections in step:
-- their requests came in bursts every 500 ms (seen on a server logging arrival times), the server
-- saturated for part of each round and idle the rest (deploy/bench/README.md).
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUDIT_TOKEN")
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "500")
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000)

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

delay = function()
  return math.floor(-delay_ms * math.log(1 - math.random()))
end
