// On every page: when a form failed, move focus to its error summary, so that screen reader
// and keyboard users start from the list of what to fix (the page title already starts with
// "Error:"). The summary links to each field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-form-error]");
  if (!summary) { return; }
  if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
  summary.focus();
})();

// The AI advisory group's decision form: the chair's written reason for departing from the
// subcommittee's recommendation is shown only while the chosen outcome differs from it. The
// server requires it in that case whatever the browser does; without JavaScript it stays shown.
(function () {
  "use strict";
  var box = document.querySelector("[data-departure-from]");
  var form = box && box.closest("form");
  if (!form) { return; }
  var advised = box.getAttribute("data-departure-from");
  function update() {
    var chosen = form.querySelector("input[name=outcome]:checked");
    box.hidden = !chosen || chosen.value === advised;
  }
  form.addEventListener("change", update);
  update();
})();

// On a phone the header's account menu starts folded, so the page starts near the top of the
// screen. Without JavaScript it stays open, and every link in it is there.
(function () {
  "use strict";
  var menu = document.querySelector("details.account-menu");
  if (menu && window.matchMedia("(max-width: 40rem)").matches) { menu.open = false; }
})();
