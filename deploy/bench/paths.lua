-- wrk: GET requests drawn at random from PATHS_FILE (one path a line), each connection pausing
-- WRK_DELAY_MS between requests, so the offered rate is about connections x 1000 / delay
-- (Debian has wrk, not wrk2). Used by scale.sh; AUDIT_TOKEN is the bearer token.
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
  return delay_ms
end
