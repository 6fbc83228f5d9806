-- wrk script: POST a unique CERT_REG COMPLETED + VALID callback per request to /callbacks/esign.
-- Every request carries a submissionId (and userId, partnerSessionId) nobody has sent before: the receiver can
-- never answer from a duplicate check. The body is the shape of the platform's CERT_REG callback (onekyc-api.md
-- §3.5), the same as dev.onekycbridge.benchmarks.Payloads#uniqueCertRegCallback.
-- At the end it prints one line: "WRK requests=… rps=… p50_ms=… p99_ms=…" for bench/callback-ingest.sh.

local threads = {}
local counter = 0
local prefix = "00000000"
tid = 0 -- a global: setup() sets it in each thread's state before init()

local template = '{"submissionId":"%s","userId":"user-%s","userIdType":"CLIENT_X_USER_ID",'
  .. '"partnerSessionId":"%s","status":"COMPLETED","result":"VALID","processedAt":"2026-05-08T10:30:00Z",'
  .. '"submissionDetails":{"verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},'
  .. '"registrationId":"6dab7f08-0dcb-4852-8459-59cb7c25f4dc","eligibleToActivate":false,'
  .. '"onboardingCode":"NEW_USER","shouldSkipActivation":true}}'

local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  -- A random 8-hex-digit run prefix (from /dev/urandom, so that two runs on the same database never collide),
  -- then the thread number, then a per-thread counter: unique across threads and runs.
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(4)
  f:close()
  local b1, b2, b3, b4 = bytes:byte(1, 4)
  prefix = string.format("%02x%02x%02x%02x", b1, b2, b3, b4)
end

request = function()
  counter = counter + 1
  local id = string.format("%s-%04x-4000-8000-%012x", prefix, tid, counter)
  local session = string.format("%s-%04x-4000-9000-%012x", prefix, tid, counter)
  local body = string.format(template, id, string.sub(id, 1, 8) .. counter, session)
  return wrk.format("POST", "/callbacks/esign", headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
