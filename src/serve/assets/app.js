// The agent page: logs in, looks callers up through the JSON API, shows the answer.
// The session token lives in this page's memory only: a reload asks to log in again.
"use strict";

let token = null;

function $(id) { return document.getElementById(id); }

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, {
    method, headers, body: body ? JSON.stringify(body) : undefined,
    credentials: "omit", cache: "no-store",
  });
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: "unreadable answer" }; }
  return { status: response.status, data };
}

function show(view) {
  $("login-view").hidden = view !== "login";
  $("lookup-view").hidden = view !== "lookup";
  $("who").hidden = view !== "lookup";
}

function clearCaller() {
  for (const id of ["first", "middle", "last", "zip", "code", "dob"]) $(id).value = "";
  $("result").hidden = true;
  $("lookup-error").textContent = "";
  $("first").focus();
}

function loggedOut(message) {
  token = null;
  clearCaller();
  $("password").value = "";
  $("login-error").textContent = message || "";
  show("login");
}

function fact(list, name, value) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

function showResult(data) {
  const result = $("result");
  const facts = $("facts");
  facts.replaceChildren();
  result.className = data.verified ? "verified" : "not-verified";
  $("verdict").textContent = data.verified ? "Verified: affected by the incident" : "Not verified";
  if (data.verified) {
    fact(facts, "Information involved", (data.elements || []).join(", ") || "none");
    for (const record of data.records || []) {
      fact(facts, "Letter mailed", record.letter_mailed || "not yet mailed");
      fact(facts, "Enrollment code", record.enrollment_code || "in the letter (not issued yet)");
      if (record.minor) fact(facts, "Minor", "letter addressed to the parent or guardian");
    }
  }
  $("script").textContent = data.script || "";
  $("reference").textContent = data.reference !== undefined ? String(data.reference) : "";
  result.hidden = false;
}

async function login(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  const { status, data } = await api("POST", "/api/login",
    { username: $("username").value.trim(), password: $("password").value });
  $("password").value = "";
  if (status !== 200) { $("login-error").textContent = data.error || "login failed"; return; }
  token = data.token;
  $("user").textContent = data.user + " (" + data.role + ")";
  show("lookup");
  clearCaller();
}

async function lookup(event) {
  event.preventDefault();
  $("lookup-error").textContent = "";
  const body = { dob: $("dob").value.trim() };
  if ($("code").value.trim()) {
    body.code = $("code").value.trim();
  } else {
    for (const id of ["first", "middle", "last", "zip"]) {
      const value = $(id).value.trim();
      if (value) body[id] = value;
    }
  }
  const { status, data } = await api("POST", "/api/lookup", body);
  if (status === 401) { loggedOut("Your session ended: log in again."); return; }
  if (status !== 200) { $("result").hidden = true; $("lookup-error").textContent = data.error || "lookup failed"; return; }
  showResult(data);
}

async function logout() {
  await api("POST", "/api/logout");
  loggedOut("Logged out.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("lookup-form").addEventListener("submit", lookup);
  $("logout").addEventListener("click", logout);
  $("clear").addEventListener("click", clearCaller);
  show("login");
  $("username").focus();
});
