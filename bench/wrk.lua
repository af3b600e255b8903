-- wrk script for bench/run.sh. Environment:
--   BENCH_WORKLOAD   "token"    POST /v2/oauth/token/ grant_type=client_credentials (form body)
--                    "code"     POST /v2/oauth/token/ grant_type=authorization_code, one fresh code
--                               per request
--                    "refresh"  POST /v2/oauth/token/ grant_type=refresh_token, one fresh refresh
--                               token per request (each rotated exactly once)
--                    "userinfo" GET /v2/user/info/?fields=open_id,display_name with a Bearer token
--   BENCH_TOKEN_BODY    url-encoded form body for "token"
--   BENCH_BODY_PREFIX   "code"/"refresh": url-encoded form ending in "&code=" / "&refresh_token="
--   BENCH_SECRETS       "code"/"refresh": file with one single-use secret per line; thread i of n
--                       takes lines i, i+n, i+2n, ... (disjoint slices)
--   BENCH_SECRETS_WRAP  "1": start a slice over when it runs out (nginx, which checks nothing);
--                       otherwise a thread that runs out stops and the run is marked exhausted
--   BENCH_WRK_THREADS   the -t value (slicing)
--   BENCH_ACCESS_TOKEN  Bearer token for "userinfo"
--   BENCH_SAMPLE_PREFIX if set, every BENCH_SAMPLE_EVERY-th (default 500) good answer's tokens
--                       (access_token, and refresh_token when present) go to PREFIX-tN.txt
-- Every response is checked: a non-2xx status, or a 2xx body without the expected members
-- (an "access_token" / also a "refresh_token" for code and refresh / an "ok" error code), is
-- counted. done() prints one line:
--   BENCH_RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=N badbody=N sockerr=N exhausted=N

local workload = os.getenv("BENCH_WORKLOAD") or "token"
local markers
local single_use = false

if workload == "token" then
  wrk.method = "POST"
  wrk.path = "/v2/oauth/token/"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = os.getenv("BENCH_TOKEN_BODY") or ""
  markers = { '"access_token"%s*:%s*"' }
elseif workload == "code" or workload == "refresh" then
  wrk.method = "POST"
  wrk.path = "/v2/oauth/token/"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  -- Lets the nginx reference answer a user-token-shaped body; loginkit ignores it.
  wrk.headers["X-Bench-Workload"] = workload
  markers = { '"access_token"%s*:%s*"act%.', '"refresh_token"%s*:%s*"rft%.' }
  single_use = true
elseif workload == "userinfo" then
  wrk.method = "GET"
  wrk.path = "/v2/user/info/?fields=open_id,display_name"
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_ACCESS_TOKEN") or "")
  markers = { '"code"%s*:%s*"ok"' }
else
  error("unknown BENCH_WORKLOAD " .. workload)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

local secrets, next_secret, body_prefix, wrap = {}, 1, "", false
local sample_file, sample_every = nil, 500

function init(args)
  non2xx = 0
  badbody = 0
  exhausted = 0
  good = 0
  firstbad = ""
  local prefix = os.getenv("BENCH_SAMPLE_PREFIX")
  if prefix and prefix ~= "" then
    sample_every = tonumber(os.getenv("BENCH_SAMPLE_EVERY") or "500")
    sample_file = assert(io.open(prefix .. "-t" .. thread_index .. ".txt", "a"))
  end
  if single_use then
    body_prefix = os.getenv("BENCH_BODY_PREFIX") or ""
    wrap = os.getenv("BENCH_SECRETS_WRAP") == "1"
    local n = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
    local path = assert(os.getenv("BENCH_SECRETS"), "BENCH_SECRETS is not set")
    local i = 0
    for line in io.lines(path) do
      if i % n == thread_index - 1 and line ~= "" then secrets[#secrets + 1] = line end
      i = i + 1
    end
    assert(#secrets > 0, "no secrets for thread " .. thread_index .. " in " .. path)
  end
end

if single_use then
  function request()
    if next_secret > #secrets then
      if wrap then
        next_secret = 1
      else
        -- Out of fresh secrets: stop this thread (never replay one: that would revoke the grant).
        -- The request returned here may still go out; its answer is not counted.
        if exhausted == 0 then wrk.thread:stop() end
        exhausted = exhausted + 1
        return wrk.format("GET", "/healthz", {}, nil)
      end
    end
    local s = secrets[next_secret]
    next_secret = next_secret + 1
    return wrk.format(nil, nil, nil, body_prefix .. s)
  end
end

local function bad(status, body)
  if firstbad == "" then firstbad = tostring(status) .. " " .. string.sub(body or "", 1, 200) end
end

local function sample(body)
  for _, name in ipairs({ "access_token", "refresh_token" }) do
    local v = string.match(body, '"' .. name .. '"%s*:%s*"([^"]+)"')
    if v then sample_file:write(v, "\n") end
  end
  sample_file:flush()
end

function response(status, headers, body)
  if exhausted > 0 then return end
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    bad(status, body)
    return
  end
  body = body or ""
  for _, m in ipairs(markers) do
    if not string.find(body, m) then
      badbody = badbody + 1
      bad(status, body)
      return
    end
  end
  good = good + 1
  if sample_file and good % sample_every == 0 then sample(body) end
end

function done(summary, latency, requests)
  local n2, bb, ex, sample = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    bb = bb + (t:get("badbody") or 0)
    ex = ex + (t:get("exhausted") or 0)
    local fb = t:get("firstbad")
    if sample == "" and fb and fb ~= "" then sample = fb end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d badbody=%d sockerr=%d exhausted=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    n2, bb, e.connect + e.read + e.write + e.timeout, ex))
  if sample ~= "" then
    io.write("BENCH_FIRST_BAD " .. string.gsub(sample, "[\r\n]", " ") .. "\n")
  end
end
