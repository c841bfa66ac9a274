// Shows and hides the questions of a review section as answers change.
// The server decides: the typed answers are sent to it, and it answers with the questions
// to hide. Without this script the page still works: the server decides after each save.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-visibility-url");
  var status = document.getElementById("visibility-status");
  var timer = null;

  function apply(hidden) {
    var shown = 0, gone = 0;
    var blocks = form.querySelectorAll("[data-question]");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var hide = hidden.indexOf(block.getAttribute("data-question")) !== -1;
      if (hide && !block.hidden) { gone++; }
      if (!hide && block.hidden) { shown++; }
      block.hidden = hide;
    }
    if (status && (shown || gone)) {
      var parts = [];
      if (shown) { parts.push(shown + (shown === 1 ? " more question is" : " more questions are") + " now shown."); }
      if (gone) { parts.push(gone + (gone === 1 ? " question is" : " questions are") + " no longer asked."); }
      status.textContent = parts.join(" ");
    }
  }

  function refresh() {
    var data = new FormData(form);
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result && result.hidden) { apply(result.hidden); } })
      .catch(function () { /* the server decides again on save */ });
  }

  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  form.addEventListener("change", changed);
})();
