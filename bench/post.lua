-- POST to /products/<id>: each request is an unsafe request that invalidates its target in the HTTP
-- response cache (and, with the Redis link, publishes the invalidation). The id comes from the first
-- script argument: "hot" posts to /products/2 every time, "spread" to one of 100,000 products at random.
local mode = "hot"

function init(args)
  mode = args[1] or "hot"
end

function request()
  local id = (mode == "spread") and tostring(math.random(1, 100000)) or "2"
  return wrk.format("POST", "/products/" .. id)
end
