-- wrk script of `npm run bench`: each request goes to a random opportunity with a random value, and
-- every answer is checked (a status outside 2xx, or a GraphQL answer carrying "errors", counts as
-- failed). Its parameters come from a file written by bench/load.ts, one per line:
--   method PATCH | path /x/{id}/stage | body {"status":"{stage}"} | header name value
--   id opp_… (many) | stage key-or-uuid (many) | graphql 1 (check bodies for "errors")
-- In the path and body, {id} and {stage} are drawn from the lists and {note} is a random number.
-- done() prints one line `BENCH {json}` that bench/load.ts reads.

local method, path, body, graphql = "GET", "/", "", false
local headers, ids, stages = {}, {}, {}
-- Globals: done() reads them from each thread's state with thread:get.
failed, gql_errors = 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local key, value = line:match("^(%S+) (.*)$")
    if key == "method" then method = value
    elseif key == "path" then path = value
    elseif key == "body" then body = value
    elseif key == "graphql" then graphql = value == "1"
    elseif key == "id" then table.insert(ids, value)
    elseif key == "stage" then table.insert(stages, value)
    elseif key == "header" then
      local name, header = value:match("^(%S+) (.*)$")
      headers[name] = header
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function fill(template)
  return (template:gsub("{(%a+)}", function(name)
    if name == "id" then return ids[math.random(#ids)] end
    if name == "stage" then return stages[math.random(#stages)] end
    if name == "note" then return tostring(math.random(1e9)) end
  end))
end

function request()
  return wrk.format(method, fill(path), headers, fill(body))
end

function response(status, _, answer)
  if status < 200 or status > 299 then
    failed = failed + 1
  elseif graphql and answer:find('"errors"', 1, true) then
    gql_errors = gql_errors + 1
  end
end

function done(summary, latency, _)
  local non2xx, errors = 0, 0
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("failed")
    errors = errors + thread:get("gql_errors")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"graphqlErrors":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx, errors,
    e.connect + e.read + e.write + e.timeout))
end
