// Password help: while the push waits for its answer, ask the server (a long poll of up to
// 25 seconds at a time) and move on as soon as it is decided. Without JavaScript the page's
// "Check again" button does the same.
(function () {
  "use strict";
  var el = document.getElementById("push-waiting");
  if (!el || !window.fetch) { return; }
  var poll = el.getAttribute("data-poll");
  var next = el.getAttribute("data-next");
  function ask() {
    fetch(poll, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { state: "pending" }; })
      .then(function (s) {
        if (s.state === "pending") { ask(); } else { window.location.assign(next); }
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  ask();
})();

// The new-password form: a strength estimate while typing (zxcvbn, fed with the user's name so
// a password built on it scores low). Advice only: Regain's rules and the directory's decide.
(function () {
  "use strict";
  var box = document.getElementById("strength");
  var input = document.getElementById("new");
  if (!box || !input || typeof window.zxcvbn !== "function") { return; }
  var labels = (box.getAttribute("data-labels") || "").split("|");
  var inputs = (box.getAttribute("data-user-inputs") || "").split(/[\s._@-]+/).filter(Boolean);
  var meter = document.getElementById("strength-meter");
  var text = document.getElementById("strength-text");
  box.hidden = false;
  input.addEventListener("input", function () {
    var score = input.value ? window.zxcvbn(input.value, inputs).score : 0;
    meter.value = score;
    text.textContent = input.value ? (labels[score] || "") : "";
  });
})();
