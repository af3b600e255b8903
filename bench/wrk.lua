-- wrk script for bench/run.sh. Environment:
--   BENCH_WORKLOAD   "token"    POST /v2/oauth/token/ grant_type=client_credentials (form body)
--                    "userinfo" GET /v2/user/info/?fields=open_id,display_name with a Bearer token
--   BENCH_TOKEN_BODY url-encoded form body for "token"
--   BENCH_ACCESS_TOKEN  Bearer token for "userinfo"
-- Every response is checked: a non-2xx status, or a 2xx body without the expected marker
-- (an "access_token" member / an "ok" error code), is counted. done() prints one line:
--   BENCH_RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=N badbody=N sockerr=N

local workload = os.getenv("BENCH_WORKLOAD") or "token"
local marker

if workload == "token" then
  wrk.method = "POST"
  wrk.path = "/v2/oauth/token/"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = os.getenv("BENCH_TOKEN_BODY") or ""
  marker = '"access_token"%s*:%s*"'
elseif workload == "userinfo" then
  wrk.method = "GET"
  wrk.path = "/v2/user/info/?fields=open_id,display_name"
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_ACCESS_TOKEN") or "")
  marker = '"code"%s*:%s*"ok"'
else
  error("unknown BENCH_WORKLOAD " .. workload)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  badbody = 0
  firstbad = ""
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if firstbad == "" then firstbad = tostring(status) .. " " .. string.sub(body or "", 1, 200) end
  elseif not string.find(body or "", marker) then
    badbody = badbody + 1
    if firstbad == "" then firstbad = tostring(status) .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local n2, bb, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    bb = bb + (t:get("badbody") or 0)
    local fb = t:get("firstbad")
    if sample == "" and fb and fb ~= "" then sample = fb end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d badbody=%d sockerr=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    n2, bb, e.connect + e.read + e.write + e.timeout))
  if sample ~= "" then
    io.write("BENCH_FIRST_BAD " .. string.gsub(sample, "[\r\n]", " ") .. "\n")
  end
end
