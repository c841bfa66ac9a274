// Signing takes a few seconds: say so, and stop a second click from sending the form twice.
(function () {
  "use strict";
  document.querySelectorAll("form[data-signing-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-signing-button]");
      var status = form.querySelector("[data-signing-status]");
      if (button) {
        button.setAttribute("aria-disabled", "true");
        button.textContent = "Signing…";
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
      if (status) {
        status.textContent = "Signing…, this takes a few seconds. Please wait and do not close this page.";
      }
    });
  });
})();
