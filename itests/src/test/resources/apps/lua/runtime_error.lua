-- An uncaught runtime error: the message and traceback go to stderr, the exit status is 1.
io.write("before the error\n")
io.stdout:flush()
local function helper(t)
  return t.field.subfield
end
local function caller()
  return helper({})
end
caller()
print("not reached")
