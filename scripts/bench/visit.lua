-- GET /r/{code} as a new person each time: a user agent of its own per request, so every
-- visit is a click to store (the once-an-hour rule never folds two together).
local run, counter, threads = "run", 0, 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  run = args[1] or "run"
end

function request()
  counter = counter + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
    "Chrome/131.0.0.0 Safari/537.36 bench-" .. run .. "-" .. thread_number .. "-" .. counter
  return wrk.format("GET", nil, { ["User-Agent"] = agent })
end
