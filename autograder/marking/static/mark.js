// The marking app's keyboard and buttons (autograder/marking/app.py). Every action is one POST;
// the server commits it before answering. Only the app's own elements are looked up (by id, and
// the rubric's items inside the side column), never anything inside a student's answer.
"use strict";

function post(url, body) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-Marking": "1"},
                     body: JSON.stringify(body || {})})
    .then(r => r.json().then(data => { if (!r.ok) throw new Error(data.error || r.status); return data; }));
}

function fmt(x) { return String(Math.round(x * 1000) / 1000); }

function showState(state) {
  document.getElementById("points").textContent = fmt(state.points);
  const graded = document.getElementById("graded");
  graded.textContent = state.graded ? "marked" : "not marked yet";
  graded.className = state.graded ? "ok" : "todo";
  document.getElementById("progress").textContent = state.done + " / " + state.total;
  rubricItems().forEach(li => {
    li.classList.toggle("applied", state.applied.includes(Number(li.dataset.item)));
  });
  document.body.dataset.saved = String(Date.now());
}

function rubricItems() {
  return Array.from(document.querySelectorAll("section.side > #rubric > li[data-item]"));
}

function answerPage() {
  const body = document.body.dataset;
  const base = "/api/q/" + encodeURIComponent(body.question) + "/a/" + encodeURIComponent(body.label);
  const toggle = li => post(base + "/toggle/" + li.dataset.item).then(showState);
  const save = () => post(base + "/mark", {adjustment: document.getElementById("adjustment").value,
                                          comment: document.getElementById("comment").value});
  post(base + "/hold").then(data => {
    const held = document.getElementById("held");
    held.textContent = data.held ? "Another TA has this answer open." : "";
    held.hidden = !data.held;
  });
  rubricItems().forEach(li => li.addEventListener("click", () => toggle(li)));
  document.getElementById("adjustment").addEventListener("change", () => save().then(showState));
  document.getElementById("comment").addEventListener("change", () => save().then(showState));
  const next = () => save().then(() => post(body.nextUngraded, {after: body.label}))
    .then(data => { window.location = data.url; });
  document.getElementById("save-next").addEventListener("click", next);
  document.addEventListener("keydown", event => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const li = rubricItems().find(item => item.dataset.key === event.key);
    if (li) { event.preventDefault(); toggle(li); }
    else if (event.key === "n" || event.key === "Enter") { event.preventDefault(); next(); }
    else if (event.key === "ArrowRight") { window.location = body.next; }
    else if (event.key === "ArrowLeft") { window.location = body.prev; }
    else if (event.key === "c") { event.preventDefault(); document.getElementById("comment").focus(); }
    else if (event.key === "a") { event.preventDefault(); document.getElementById("adjustment").focus(); }
    else if (event.key === "u") { post(base + "/unmark").then(showState); }
  });
}

function questionPage() {
  const q = encodeURIComponent(document.body.dataset.question);
  const reload = () => window.location.reload();
  document.getElementById("blank-zero").addEventListener("click", () =>
    post("/api/q/" + q + "/blank-zero").then(data => {
      document.getElementById("blank-status").textContent = data.marked + " blank answers marked 0";
      reload();
    }));
  document.getElementById("scoring").addEventListener("change", event =>
    post("/api/q/" + q + "/scoring", {scoring: event.target.value}));
  document.querySelectorAll("#rubric-editor tr[data-item]").forEach(tr => {
    const url = "/api/q/" + q + "/items/" + tr.dataset.item;
    const send = () => post(url, {points: tr.querySelector(".item-points").value,
                                  description: tr.querySelector(".item-description").value})
      .then(() => { document.body.dataset.saved = String(Date.now()); });
    tr.querySelector(".item-points").addEventListener("change", send);
    tr.querySelector(".item-description").addEventListener("change", send);
    tr.querySelector(".item-delete").addEventListener("click", () => post(url, {delete: true}).then(reload));
  });
  document.getElementById("item-add").addEventListener("click", () =>
    post("/api/q/" + q + "/items", {points: document.getElementById("new-points").value,
                                     description: document.getElementById("new-description").value})
      .then(reload, error => alert(error.message)));
}

function indexPage() {
  const button = document.getElementById("refresh");
  if (!button) return;
  button.addEventListener("click", () => {
    document.getElementById("refresh-status").textContent = "updating...";
    post("/api/refresh").then(() => { document.getElementById("refresh-status").textContent = "updated"; });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.body.dataset.label) answerPage();
  else if (document.body.dataset.question) questionPage();
  else indexPage();
});
