-- bench/serve.lua: the wrk script of bench/serve. It logs in once, in setup() before the
-- clock starts (curl through io.popen: wrk's own connections only send what request()
-- returns), with the account and password of the environment variables BENCH_ACCOUNT
-- and BENCH_PASSWORD; then every connection POSTs lookups of callers drawn at random
-- from the file named by BENCH_CALLERS (prepared JSON bodies, one a line), with the
-- session token. wrk itself counts answers other than 2xx ("Non-2xx or 3xx responses").
local token

local function login()
  local body = string.format('{"username":"%s","password":"%s"}',
    os.getenv("BENCH_ACCOUNT"), os.getenv("BENCH_PASSWORD"))
  local command = string.format(
    "curl -s -X POST -H 'Content-Type: application/json' --data-binary '%s' '%s://%s:%s/api/login'",
    body, wrk.scheme, wrk.host, wrk.port)
  local pipe = io.popen(command)
  local answer = pipe:read("*a")
  pipe:close()
  local found = answer:match('"token":"([^"]+)"')
  if not found then error("bench/serve.lua: login failed: " .. answer) end
  return found
end

function setup(thread)
  token = token or login()
  thread:set("session_token", token)
end

local requests = {}

-- Every request is formatted once here, so that wrk spends its time sending, not
-- building strings: it shares the two cores with the service.
function init(args)
  local headers = { ["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer " .. session_token }
  for line in io.lines(os.getenv("BENCH_CALLERS")) do
    requests[#requests + 1] = wrk.format("POST", "/api/lookup", headers, line)
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
end

function request()
  return requests[math.random(#requests)]
end
