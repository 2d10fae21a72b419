-- Rotates over the paths listed, one a line, in the file named by the first script
-- argument (wrk ... -s wrk-rotate.lua URL -- paths.txt); each thread starts at its own place.
-- Prints the same JSON line as wrk-summary.lua.
local paths = {}
local next_index = 1
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  next_index = (id or 0) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

dofile(os.getenv("WRK_SUMMARY") or "scripts/wrk-summary.lua")
