-- wrk: traces at a paced rate. Each connection waits WRK_DELAY_MS between requests, so the
-- offered rate is connections x 1000 / (delay + latency): 100 x 1000 / (475 + 25) = 200 req/s.
-- (Debian has wrk, not wrk2; many slow connections keep the rate close to 200 whatever the latency.)
-- Mix: 50% a sale (subject), 40% a transaction id, 10% a product at a branch.
math.randomseed(os.time())
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUDIT_TOKEN")
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "475")
local sales = tonumber(os.getenv("BENCH_SALES") or "900000")

request = function()
  local r = math.random()
  local ref
  if r < 0.5 then
    ref = "sale:" .. math.random(1, sales)
  elseif r < 0.9 then
    ref = "pos:0-1-" .. math.random(1, sales)
  else
    -- a (product, branch) pair that the dataset's sales touched (see dataset.sql)
    local g = math.random(1, sales)
    ref = "product:" .. (1 + (g * 7919) % 2000) .. "@" .. (1 + g % 10)
  end
  return wrk.format("GET", "/api/v1/trace?ref=" .. ref)
end

delay = function()
  return delay_ms
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end
