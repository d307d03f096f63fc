#!/usr/bin/env python3
"""Browser test of the agent page, run by tests/e2e.sh (e2e_serve): headless Chromium
driven through chromedriver (the W3C WebDriver protocol over HTTP, with urllib) logs in,
looks a synthetic caller up, sees the verdict and the enrollment code, and saves a
screenshot. Fails (never skips) when chromium or chromedriver is missing.

usage: serve_browser.py URL USER PASSWORD FIRST LAST DOB ZIP CODE SCREENSHOT
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

URL, USER, PASSWORD, FIRST, LAST, DOB, ZIP, CODE, SHOT = sys.argv[1:10]


def fail(message):
    print("FAIL browser: " + message)
    sys.exit(1)


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
if not chromium or not driver:
    fail("chromium (%s) or chromedriver (%s) is not installed" % (chromium, driver))

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
proc = subprocess.Popen([driver, "--port=%d" % port], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
base = "http://127.0.0.1:%d" % port


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read())["value"]


session = None
try:
    for _ in range(100):
        try:
            call("GET", "/status")
            break
        except OSError:
            time.sleep(0.1)
    else:
        fail("chromedriver did not start")
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": chromium,
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1100,1400", "--no-first-run", "--disable-extensions"]}}}}
    session = call("POST", "/session", caps)["sessionId"]
    s = "/session/" + session

    def find(css):
        return call("POST", s + "/element", {"using": "css selector", "value": css})[
            "element-6066-11e4-a52e-4f735466cecf"]

    def type_into(css, text):
        element = find(css)
        call("POST", s + "/element/%s/clear" % element, {})
        call("POST", s + "/element/%s/value" % element, {"text": text})

    def text_of(css):
        return call("GET", s + "/element/%s/text" % find(css))

    def visible(css):
        return call("GET", s + "/element/%s/displayed" % find(css))

    def wait_for(condition, what):
        for _ in range(100):
            try:
                if condition():
                    return
            except (OSError, KeyError, urllib.error.HTTPError):
                pass
            time.sleep(0.1)
        fail("timed out waiting for " + what)

    call("POST", s + "/url", {"url": URL})
    wait_for(lambda: visible("#login-form"), "the login form")
    type_into("#username", USER)
    type_into("#password", PASSWORD)
    call("POST", s + "/element/%s/click" % find("#login"), {})
    wait_for(lambda: visible("#lookup-form"), "the lookup form after login")
    if USER not in text_of("#user"):
        fail("the page does not name the agent")
    type_into("#first", FIRST)
    type_into("#last", LAST)
    type_into("#dob", DOB)
    type_into("#zip", ZIP)
    call("POST", s + "/element/%s/click" % find("#lookup"), {})
    wait_for(lambda: visible("#result") and text_of("#verdict"), "the result")
    verdict, facts, script = text_of("#verdict"), text_of("#facts"), text_of("#script")
    png = base64.b64decode(call("GET", s + "/screenshot"))
    with open(SHOT, "wb") as f:
        f.write(png)
    print(("ok" if verdict.startswith("Verified") else "FAIL") + " browser: the caller is verified")
    print(("ok" if CODE in facts else "FAIL") + " browser: the enrollment code is shown")
    print(("ok" if "verified your identity" in script else "FAIL") + " browser: the script is shown")
    print(("ok" if png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000 else "FAIL") +
          " browser: screenshot saved")
    # A near miss on the page: not verified, nothing of the person shown.
    call("POST", s + "/element/%s/click" % find("#clear"), {})
    type_into("#first", FIRST)
    type_into("#last", LAST)
    type_into("#dob", "01/01/1900")
    type_into("#zip", ZIP)
    call("POST", s + "/element/%s/click" % find("#lookup"), {})
    wait_for(lambda: visible("#result") and text_of("#verdict") == "Not verified", "the near miss")
    print(("ok" if CODE not in text_of("#result") else "FAIL") + " browser: a near miss shows nothing")
finally:
    if session:
        try:
            call("DELETE", "/session/" + session)
        except OSError:
            pass
    proc.terminate()
    proc.wait(timeout=10)
