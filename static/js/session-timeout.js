// Warn a few minutes before the idle sign-out (SESSION_IDLE_MINUTES after the last request to
// the server), with a "Stay signed in" button that renews the session (data-keep-url).
// Any request renews the session: the page's other scripts send "session:renewed" on document
// after each of theirs, and the count starts again.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  var dialog = document.getElementById("idle-warning");
  if (!form || !dialog || !window.fetch) { return; }
  var keepUrl = form.getAttribute("data-keep-url");
  var idleMinutes = Number(form.getAttribute("data-idle-minutes") || "30");
  var leadMinutes = Math.min(5, Math.max(1, Math.floor(idleMinutes / 3)));
  var stay = document.getElementById("idle-warning-stay");
  var minutesText = document.getElementById("idle-warning-minutes");
  var warnTimer = null;

  function csrfToken() {
    var field = form.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  function open() {
    if (minutesText) { minutesText.textContent = leadMinutes + (leadMinutes === 1 ? " minute" : " minutes"); }
    if (dialog.showModal) { if (!dialog.open) { dialog.showModal(); } }
    else { dialog.setAttribute("open", ""); }
    if (stay) { stay.focus(); }
  }

  function close() {
    if (dialog.close && dialog.open) { dialog.close(); } else { dialog.removeAttribute("open"); }
  }

  function restart() {
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(open, Math.max(0, (idleMinutes - leadMinutes) * 60000));
  }

  function keep() {
    var data = new FormData();
    data.set("csrf_token", csrfToken());
    fetch(keepUrl, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) { throw new Error("not renewed"); }
        close();
        restart();
      })
      .catch(function () {
        var text = document.getElementById("idle-warning-text");
        if (text) { text.textContent = "You could not be kept signed in. Save your answers now with “Save as draft”, then sign in again if asked."; }
      });
  }

  if (stay) { stay.addEventListener("click", keep); }
  // The page's other background requests (drafts, visibility) renewed the session too.
  document.addEventListener("session:renewed", restart);
  restart();
})();
