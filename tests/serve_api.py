#!/usr/bin/env python3
"""API tests of `breachscope serve`, run by tests/e2e.sh (e2e_serve) against two running
services of one case: MAIN (default sessions) and LIMITED (sessions idle 2 s, 4 s in
all; 30 lookups a minute an agent, 180 requests a minute an address; connections
idle 2 s). Prints one line per check, "ok NAME" or "FAIL NAME: why"; e2e.sh counts
them. Callers are read from the case's persons table (read-only).

usage: serve_api.py MAIN_URL LIMITED_URL CASE_DB CASE_DIR BREACHSCOPE
"""
import http.client
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

MAIN, LIMITED, CASE_DB, CASE_DIR, BS = sys.argv[1:6]
AGENT, AGENT_PW = "alice", "agent password 1"
SUPERVISOR, SUPERVISOR_PW = "sam", "supervisor password 1"
failures = 0


def check(name, condition, why=""):
    global failures
    if condition:
        print("ok " + name)
    else:
        failures += 1
        print("FAIL " + name + (": " + why if why else ""))


def request(base, method, path, body=None, token=None, raw=None, headers=None, chunked=False):
    """One request on a new connection; returns (status, parsed JSON or None, raw bytes)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    head = {"Content-Type": "application/json"}
    if token:
        head["Authorization"] = "Bearer " + token
    head.update(headers or {})
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if chunked:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in head.items():
            conn.putheader(k, v)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for i in range(0, len(data), 1000):
            part = data[i:i + 1000]
            conn.send(b"%x\r\n%s\r\n" % (len(part), part))
        conn.send(b"0\r\n\r\n")
    else:
        conn.request(method, path, body=data, headers=head)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = None
    return response.status, parsed, payload


def login(base, user, password):
    status, data, _ = request(base, "POST", "/api/login", {"username": user, "password": password})
    return status, (data or {}).get("token")


def without_reference(data):
    return {k: v for k, v in (data or {}).items() if k != "reference"}


# ---------------------------------------------------------------- callers from the case
db = sqlite3.connect("file:" + CASE_DB + "?mode=ro", uri=True)
person = db.execute(
    "SELECT p.person_id, p.first, p.last, p.dob, p.zip, e.code FROM persons p"
    " JOIN enrollment e ON e.person_id = p.person_id JOIN letters l ON l.person_id = p.person_id"
    " WHERE p.first IS NOT NULL AND p.last IS NOT NULL AND p.dob IS NOT NULL AND p.zip IS NOT NULL"
    " AND length(p.first) > 2 ORDER BY p.id LIMIT 1").fetchone()
no_letter = db.execute(
    "SELECT first, last, dob, zip FROM persons WHERE person_id NOT IN (SELECT person_id FROM"
    " enrollment) AND first IS NOT NULL AND last IS NOT NULL AND dob IS NOT NULL AND zip IS NOT"
    " NULL ORDER BY id LIMIT 1").fetchone()
db.close()
check("case has a person with a code and a letter", person is not None)
check("case has a person without letter", no_letter is not None)
pid, first, last, dob, zip_on_file, code = person
zip5 = zip_on_file[:5]
y, m, d = dob.split("-")
caller = {"first": first.title(), "last": last.lower(), "dob": "%s/%s/%s" % (m, d, y),
          "zip": zip5}

# ---------------------------------------------------------------- the page
status, _, page = request(MAIN, "GET", "/")
check("page: GET / serves the agent page", status == 200 and b"<form id=\"login-form\"" in page)
check("page: no external fetch (no http:// or https:// in the page)",
      b"http://" not in page and b"https://" not in page)
status, _, script = request(MAIN, "GET", "/app.js")
check("page: script served", status == 200 and b"/api/lookup" in script)
check("page: script fetches nothing elsewhere", b"http" not in script.replace(b"https?", b""))

# ---------------------------------------------------------------- login
status, data, _ = request(MAIN, "POST", "/api/login", {"username": AGENT, "password": "wrong one"})
check("login: wrong password is 401", status == 401, str(status))
wrong_password_body = data
status, data, _ = request(MAIN, "POST", "/api/login", {"username": "nobody", "password": "x" * 14})
check("login: unknown user is 401 with the same answer", status == 401 and data == wrong_password_body)
status, data, _ = request(MAIN, "POST", "/api/login", {"username": AGENT})
check("login: missing password is 400", status == 400)
status, data, _ = request(MAIN, "POST", "/api/login", raw=b'{"username": "alice", "password": ')
check("login: malformed JSON is 400", status == 400 and "invalid JSON" in (data or {}).get("error", ""))
status, token = login(MAIN, AGENT, AGENT_PW)
check("login: right password gives a token", status == 200 and token and len(token) == 43)
status, data, _ = request(MAIN, "GET", "/api/me", token=token)
check("me: names the agent and role", status == 200 and data == {"user": AGENT, "role": "agent"})
status, _, _ = request(MAIN, "GET", "/api/me")
check("me: 401 without a session", status == 401)

# ---------------------------------------------------------------- lookups
status, data, _ = request(MAIN, "POST", "/api/lookup", caller)
check("lookup: 401 without a session", status == 401)
status, data, _ = request(MAIN, "POST", "/api/lookup", caller, token="A" * 43)
check("lookup: 401 with a made-up token", status == 401)
status, data, _ = request(MAIN, "POST", "/api/lookup", caller, token=token)
check("lookup: verified caller", status == 200 and data and data.get("verified") is True, str(data))
data = data or {}
records = data.get("records") or [{}]
check("lookup: enrollment code shown", records[0].get("enrollment_code") == code)
check("lookup: letter date shown", records[0].get("letter_mailed", "").startswith("2024-"))
check("lookup: element types shown by name", "date of birth" in data.get("elements", []))
check("lookup: an audit reference", isinstance(data.get("reference"), int))
check("lookup: script for the agent", "verified your identity" in data.get("script", ""))
text = json.dumps(data)
check("lookup: no value of the caller in the answer",
      dob not in text and zip5 not in text and last.upper() not in text.upper() and y not in text)
status, data, _ = request(MAIN, "POST", "/api/lookup", {"code": code.lower(), "dob": dob}, token=token)
check("lookup: verified by enrollment code and date of birth", status == 200 and data["verified"] is True)

near = []
wrong_day = "%s-%s-%02d" % (y, m, int(d) % 28 + 1)
for name, body in [
        ("wrong date of birth", dict(caller, dob=wrong_day)),
        ("wrong ZIP", dict(caller, zip="%05d" % ((int(zip5) + 1) % 100000))),
        ("wrong first name", dict(caller, first="Zebedee")),
        ("right code, wrong date of birth", {"code": code, "dob": wrong_day}),
        ("stranger", {"first": "Quentin", "last": "Nobodyknows", "dob": "1901-01-01", "zip": "99999"})]:
    status, data, _ = request(MAIN, "POST", "/api/lookup", body, token=token)
    near.append(without_reference(data))
    check("lookup: %s is not verified" % name, status == 200 and data and data["verified"] is False)
check("lookup: near misses answer exactly like a stranger", all(n == near[-1] for n in near),
      json.dumps(near))
status, data, _ = request(MAIN, "POST", "/api/lookup", dict(zip(("first", "last", "dob", "zip"), no_letter)), token=token)
check("lookup: letter not yet mailed, no code", status == 200 and data["verified"] is True and
      data["records"][0]["letter_mailed"] is None and data["records"][0]["enrollment_code"] is None)

status, data, _ = request(MAIN, "POST", "/api/lookup", raw=b'{"first": "Mary", ', token=token)
check("lookup: malformed JSON is 400", status == 400 and "invalid JSON" in data.get("error", ""))
status, data, _ = request(MAIN, "POST", "/api/lookup", {"first": "Mary", "ssn": "123-45-6789"}, token=token)
check("lookup: unknown member is 400, not echoed", status == 400 and "123-45" not in json.dumps(data))
status, data, _ = request(MAIN, "POST", "/api/lookup", {"first": "Mary", "last": "X", "zip": "62704"}, token=token)
check("lookup: no date of birth is 400", status == 400 and "date of birth" in data.get("error", ""))
status, data, _ = request(MAIN, "POST", "/api/lookup", raw=b'{"first":"' + b"A" * 5000 + b'"}', token=token)
check("lookup: oversized body is 413", status == 413, str(status))
status, data, _ = request(MAIN, "POST", "/api/lookup", raw=b'{"first":"' + b"A" * 6000 + b'"}',
                          token=token, chunked=True)
check("lookup: oversized chunked body (no length) is 413", status == 413, str(status))
status, _, _ = request(MAIN, "GET", "/api/lookup", token=token)
check("lookup: GET is 405", status == 405)

# ---------------------------------------------------------------- roles
status, _, _ = request(MAIN, "GET", "/api/stats", token=token)
check("stats: 403 for an agent", status == 403)
status, super_token = login(MAIN, SUPERVISOR, SUPERVISOR_PW)
status, data, _ = request(MAIN, "GET", "/api/stats", token=super_token)
check("stats: counts for a supervisor", status == 200 and data["lookups"] >= 8 and data["verified"] >= 3)

# ---------------------------------------------------------------- paths
for path in ["/../case.db", "/%2e%2e/case.db", "/app.js/../../case.db", "/api/../case.db",
             "//etc/passwd", "/..%2f..%2fetc%2fpasswd", "/case.db", "/api/lookup/../../case.db",
             "/index.html", "/api/", "/app.js%00.html"]:
    status, _, payload = request(MAIN, "GET", path, token=token)
    check("path traversal %s is 404" % path, status == 404 and b"SQLite" not in payload
          and b"root:" not in payload, "%d" % status)

# ---------------------------------------------------------------- logout, disable
status, _, _ = request(MAIN, "POST", "/api/logout", token=token)
check("logout: 200", status == 200)
status, _, _ = request(MAIN, "POST", "/api/lookup", caller, token=token)
check("logout: the token no longer works", status == 401)
status, bob_token = login(MAIN, "bob", "bob password 12")
check("disable: bob logs in", status == 200)
subprocess.run([BS, "accounts", CASE_DIR, "disable", "bob"], check=True, capture_output=True)
ended = False
for _ in range(40):
    status, _, _ = request(MAIN, "GET", "/api/me", token=bob_token)
    if status == 401:
        ended = True
        break
    time.sleep(0.25)
check("disable: a disabled account's session ends within seconds", ended)
status, _ = login(MAIN, "bob", "bob password 12")
check("disable: a disabled account cannot log in", status == 401)

# ---------------------------------------------------------------- limits (LIMITED service)
status, t = login(LIMITED, AGENT, AGENT_PW)
codes = [request(LIMITED, "POST", "/api/lookup", caller, token=t)[0] for _ in range(15)]
check("rate limit: an agent's burst passes", codes[:10] == [200] * 10, str(codes))
check("rate limit: then 429 for the agent", 429 in codes[10:], str(codes))
status, t2 = login(LIMITED, SUPERVISOR, SUPERVISOR_PW)
status, _, _ = request(LIMITED, "POST", "/api/lookup", caller, token=t2)
check("rate limit: another agent is not held back", status == 200, str(status))
time.sleep(2.5)
status, _, _ = request(LIMITED, "GET", "/api/me", token=t2)
check("session: an idle token has expired (401)", status == 401)
status, t3 = login(LIMITED, SUPERVISOR, SUPERVISOR_PW)
ok_all = True
for _ in range(5):  # kept busy, never idle 2 s, but past its 4 s in all
    ok_all &= request(LIMITED, "GET", "/api/me", token=t3)[0] == 200
    time.sleep(0.6)
time.sleep(1.2)
status, _, _ = request(LIMITED, "GET", "/api/me", token=t3)
check("session: a busy token still ends at its absolute limit", ok_all and status == 401)
# A connection that sends half a request and stalls is closed (LIMITED: 2 s).
url = urllib.parse.urlsplit(LIMITED)
stalled = socket.create_connection((url.hostname, url.port), timeout=10)
stalled.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"fir")
started = time.time()
try:
    closed = stalled.recv(1024) == b""
except OSError:
    closed = True
stalled.close()
check("timeout: a stalled connection is closed", closed and time.time() - started < 8,
      "%.1f s" % (time.time() - started))
logins = [login(LIMITED, AGENT, "wrong password %d" % i)[0] for i in range(12)]
check("rate limit: repeated failed logins get 429", 429 in logins, str(logins))
flood = [request(LIMITED, "GET", "/api/me")[0] for _ in range(120)]
check("rate limit: one address flooding gets 429", 429 in flood, str(sorted(set(flood))))

sys.exit(1 if failures else 0)
