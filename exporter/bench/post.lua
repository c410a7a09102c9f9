-- wrk script: sends the file named by BODY_FILE with METHOD (default POST) and CONTENT_TYPE
-- (default application/json); a status other than EXPECT (default 202) is counted and printed.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = os.getenv("METHOD") or "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
local expect = tonumber(os.getenv("EXPECT") or "202")
local unexpected = 0

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("unexpected status " .. status .. "\n")
    end
  end
end
