-- GET /r/{code} as a new person each time: a user agent of its own per request, so every
-- visit is a click to store (the once-an-hour rule never folds two together).
-- Arguments: a run name; optionally a rate in requests/s for the whole load and the number
-- of wrk threads, which paces the load: each thread hands its connections send times one
-- after another at its share of the rate. wrk times each request from when it is sent, so a
-- stall counts once, not for every request that would have been sent during it.
local run, counter, threads = "run", 0, 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local function paced(rate_per_thread)
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]]
  local now, monotonic = ffi.new("bench_timespec"), 1
  local function milliseconds()
    ffi.C.clock_gettime(monotonic, now)
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval, next_send = 1000 / rate_per_thread, 0
  -- wrk asks before each connection's next request how many whole milliseconds to wait.
  return function()
    local at = milliseconds()
    if next_send < at then
      next_send = at
    end
    local wait = next_send - at
    next_send = next_send + interval
    return wait
  end
end

function init(args)
  run = args[1] or "run"
  local rate, thread_count = tonumber(args[2]), tonumber(args[3])
  if rate and thread_count then
    delay = paced(rate / thread_count)
  end
end

function request()
  counter = counter + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
    "Chrome/131.0.0.0 Safari/537.36 bench-" .. run .. "-" .. thread_number .. "-" .. counter
  return wrk.format("GET", nil, { ["User-Agent"] = agent })
end
