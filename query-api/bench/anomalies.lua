-- wrk: anomaly lists at a paced rate (see trace.lua). Mix of the filters a dashboard and
-- auditctl use: newest page, a branch's open ones, high severity of the last week, a month of a branch.
math.randomseed(os.time())
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUDIT_TOKEN")
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "475")

request = function()
  local r = math.random()
  local b = math.random(1, 10)
  local q
  if r < 0.25 then
    q = "limit=50"
  elseif r < 0.5 then
    q = "branch=" .. b .. "&status=OPEN"
  elseif r < 0.75 then
    q = "severity=HIGH,CRITICAL&since=7d"
  else
    q = "branch=" .. b .. "&since=30d&limit=100"
  end
  return wrk.format("GET", "/api/v1/anomalies?" .. q)
end

delay = function()
  return delay_ms
end
