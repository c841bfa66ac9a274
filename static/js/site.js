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
