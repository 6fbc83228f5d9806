-- wrk script: POST a large CERT_REG callback per request to /callbacks/esign, each with a submissionId never sent
-- before, padded with spaces (still valid JSON) to FLOOD_BODY_BYTES bytes (default 1,000,000: within the default
-- 1 MiB limit). Used by bench/callback-flood.sh.

local counter = 0
local size = tonumber(os.getenv("FLOOD_BODY_BYTES") or "1000000")
local template = '{"submissionId":"%s","userId":"user-flood","userIdType":"CLIENT_X_USER_ID",'
  .. '"partnerSessionId":"flood","status":"COMPLETED","result":"VALID","processedAt":"2026-05-08T10:30:00Z"}'
local headers = { ["Content-Type"] = "application/json" }
local pad = nil

function init(args)
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(4)
  f:close()
  prefix = string.format("%02x%02x%02x%02x", bytes:byte(1, 4))
end

function request()
  counter = counter + 1
  local json = string.format(template, string.format("%s-0000-4000-8000-%012d", prefix, counter))
  if pad == nil then
    pad = string.rep(" ", math.max(0, size - #json))
  end
  return wrk.format("POST", "/callbacks/esign", headers, json .. pad)
end
