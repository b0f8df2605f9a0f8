-- Mixed cache traffic for bench/soak.sh: mostly reads of 200 products (HTTP cache hits, misses rendered on
-- the offload scheduler), prices (cache hits and misses), stock (the shared cache), and 2 % POSTs that
-- invalidate a product. Every expected answer is 2xx.
function request()
  local r = math.random(1, 100)
  if r <= 70 then
    return wrk.format("GET", "/products/" .. math.random(1, 200))
  elseif r <= 88 then
    return wrk.format("GET", "/price?id=" .. math.random(1, 5000))
  elseif r <= 98 then
    return wrk.format("GET", "/stock/" .. math.random(1, 50))
  else
    return wrk.format("POST", "/products/" .. math.random(1, 200))
  end
end
