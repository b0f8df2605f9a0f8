-- wrk script: every request asks for a URL nobody asked for before, so every request is a cache miss.
-- Usage: wrk ... -s bench/miss.lua URL -- RUN_ID
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  run = args[1] or "run"
  counter = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", "/price?id=" .. run .. "-" .. tid .. "-" .. counter)
end
