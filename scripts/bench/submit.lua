-- POST /leads/submit with a lead no earlier request has sent (so none is a duplicate).
-- Run as: wrk ... -s submit.lua URL -- RUN (1-9), a different RUN for each wrk invocation.
local counter = 0
local run = 1
local letters = "abcdefghij"
local threads_started = 0

function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_id", threads_started)
end

function init(args)
  run = tonumber(args[1]) or 1
end

local function spell(n)
  local word = ""
  repeat
    local digit = n % 10
    word = letters:sub(digit + 1, digit + 1) .. word
    n = math.floor(n / 10)
  until n == 0
  return word
end

request = function()
  counter = counter + 1
  local n = run * 1000000000 + thread_id * 100000000 + counter
  local body = string.format(
    '{"first_name":"Ann%s","last_name":"Lee%s","date_of_birth":"%d-%02d-%02d",' ..
    '"email":"bench%d@example.com","phone":"%010d","residential_street":"%d Oak St",' ..
    '"residential_city":"Austin","residential_state":"TX","residential_zip":"73301",' ..
    '"funding_type":"Term Loan","utm_source":"bench"}',
    spell(n), spell(n), 1940 + n % 60, 1 + math.floor(n / 60) % 12, 1 + math.floor(n / 720) % 28,
    n, n, n)
  return wrk.format("POST", wrk.path, wrk.headers, body)
end
