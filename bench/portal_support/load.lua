-- wrk script: each request carries its own visitor cookie (distinct simulated readers, so that
-- de-duplication cannot hide a lost view) and a browser user agent (bots are not counted).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  sent = 0
  ok = 0
  prefix = string.format("b%s%d-", os.getenv("BENCH_RUN") or "r", id)
end

function request()
  sent = sent + 1
  local headers = {}
  headers["Cookie"] = "td_v=" .. prefix .. sent
  headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0 bench"
  return wrk.format("GET", nil, headers)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local sent_total, ok_total = 0, 0
  for _, t in ipairs(threads) do
    sent_total = sent_total + t:get("sent")
    ok_total = ok_total + t:get("ok")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d, "non2xx": %d, "sent": %d, "ok": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, sent_total, ok_total))
end
