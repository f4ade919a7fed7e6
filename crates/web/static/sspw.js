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
