// Password fields: a "Show password" button beside each one, and, beside a new password
// (data-strength-meter), a meter updated as the user types. Without this script the fields
// work as before; the server checks every password whatever the meter says.
//
// The meter judges only what it can know: the length and the number of different characters,
// with the server's own limits (data-min-length, data-min-distinct; ctdppeia/auth/passwords.py).
// The list of common passwords and the patterns are checked by the server when the form is
// sent, and the meter says so (docs/security.md, "Show password and the strength meter").
(function () {
  "use strict";
  var script = document.currentScript;
  var words = script ? script.dataset : {};
  var fields = document.querySelectorAll("input[type=password]");
  if (!fields.length) { return; }

  function addToggle(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "show-password";
    button.textContent = words.show || "Show password";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      var shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.setAttribute("aria-pressed", shown ? "true" : "false");
    });
    input.insertAdjacentElement("afterend", button);
    // Hidden again when the form is sent, so that the browser never keeps it as plain text.
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
        button.setAttribute("aria-pressed", "false");
      });
    }
    return button;
  }

  function judge(value, minLength, minDistinct) {
    var length = Array.from(value).length;
    var folded = value.toLowerCase().replace(/[\s\-_.]+/g, "");
    if (!length) { return [0, ""]; }
    if (length < minLength) { return [1, words.short]; }
    if (new Set(Array.from(folded)).size < minDistinct) { return [1, words.few]; }
    if (length < minLength + 8) { return [2, words.enough]; }
    return [3, words.long];
  }

  function addMeter(input, after) {
    var minLength = Number(input.dataset.minLength || "12");
    var minDistinct = Number(input.dataset.minDistinct || "5");
    var box = document.createElement("div");
    box.className = "password-meter";
    var bar = document.createElement("meter");
    bar.min = 0; bar.max = 3; bar.low = 2; bar.optimum = 3; bar.value = 0;
    bar.setAttribute("aria-hidden", "true");
    var text = document.createElement("p");
    text.id = input.id + "-meter";
    text.setAttribute("aria-live", "polite");
    box.appendChild(bar);
    box.appendChild(text);
    after.insertAdjacentElement("afterend", box);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + text.id);
    input.addEventListener("input", function () {
      var verdict = judge(input.value, minLength, minDistinct);
      var message = (verdict[1] || "").replace("{min}", minLength).replace("{distinct}", minDistinct);
      bar.value = verdict[0];
      // Changed only when the verdict changes, so a screen reader is not told every keystroke.
      if (text.textContent !== message) { text.textContent = message; }
    });
  }

  Array.prototype.forEach.call(fields, function (input) {
    if (!input.id) { return; }
    var button = addToggle(input);
    if (input.hasAttribute("data-strength-meter")) { addMeter(input, button); }
  });
})();
