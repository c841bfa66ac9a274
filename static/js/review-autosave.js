// Never lose an answer on a review section:
// - typed answers are saved as a draft in the background a moment after the last change
//   (data-draft-url: the same form, its CSRF token and the version it was loaded from, so a
//   save by someone else meanwhile is refused, never overwritten);
// - "Saved at 10:42" (or why it was not saved) is said politely in #autosave-status;
// - leaving the page with changes not yet saved asks first (beforeunload).
// Without this script the page works as before: the buttons save.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var draftUrl = form.getAttribute("data-draft-url");
  var delay = Number(form.getAttribute("data-autosave-delay") || "2500");
  var changes = 0;      // changes typed since the page was loaded
  var savedChanges = 0; // how many of them the last draft saved
  var saving = false;
  var stopped = false;  // after a conflict: the reader must look at the page first
  var submitting = false;
  var timer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function clock() {
    var now = new Date();
    var minutes = String(now.getMinutes());
    return now.getHours() + ":" + (minutes.length < 2 ? "0" + minutes : minutes);
  }

  function unsaved() { return changes !== savedChanges; }

  function setVersion(version) {
    var field = form.querySelector('input[name="version"]');
    if (field && version !== undefined) { field.value = String(version); }
  }

  function refused(response, result) {
    if (response.status === 409 && result && result.problem === "conflict") {
      stopped = true;
      return "Not saved: someone else saved this review meanwhile. Press “Save as draft” to see their answers beside yours.";
    }
    if (response.status === 422 && result && result.errors && result.errors.csrf_token) {
      stopped = true;
      return "Not saved: this page is too old. Press “Save as draft” to save your answers.";
    }
    if (response.status === 422) {
      return "Not saved yet: an answer does not fit its question. Press “Save as draft” to see which.";
    }
    return "Not saved: the review cannot be changed now, or you were signed out. Press “Save as draft”.";
  }

  function save() {
    timer = null;
    if (saving || stopped || submitting || !unsaved()) { return; }
    saving = true;
    var upTo = changes;
    var data = new FormData(form);
    data.set("action", "save");
    fetch(draftUrl, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (result) {
          if (response.ok) { document.dispatchEvent(new Event("session:renewed")); }
          if (response.ok && result && result.saved) {
            setVersion(result.version);
            savedChanges = upTo;
            say("Saved at " + clock() + ".");
          } else {
            say(refused(response, result));
          }
        });
      })
      .catch(function () { say("Not saved: the connection failed. Your answers are still on this page; try “Save as draft”."); })
      .then(function () {
        saving = false;
        if (unsaved() && !stopped) { schedule(); }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function changed(event) {
    if (event.target && event.target.name === "version") { return; }
    changes++;
    if (window.fetch && window.FormData && draftUrl && !stopped) { schedule(); }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { submitting = true; window.clearTimeout(timer); });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !unsaved()) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own "Leave site?" question
    return "";
  });
})();
