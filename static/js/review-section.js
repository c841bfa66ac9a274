// Shows and hides the questions of a review section as answers change.
//
// The show-if conditions come with the page (data-rules on the form: the section's questions in
// the order their conditions are decided, each condition as a small tree, and the answers of the
// other sections). They are evaluated here at once, on "input" and "change", like the server's
// Condition.truth: a test on an unanswered or hidden question is not known (null), "not" of what
// is not known stays not known, "and" is false when a side is false and "or" true when a side is
// true; a question shows only when its condition is known to be true. A question that
// appears stays where the questionnaire puts it, so the questions always read in the order of
// the questionnaire, the summary and the PDF; the status line says how many appeared.
// The server is then asked too (data-visibility-url), and has the last word; it decides again on
// every save. Without this script the page still works: hidden questions come after a save.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form) { return; }
  var status = document.getElementById("visibility-status");
  var url = form.getAttribute("data-visibility-url");
  var rules = { order: [], types: {}, rules: {}, known: {} };
  try { rules = JSON.parse(form.getAttribute("data-rules") || "{}"); } catch (e) { /* server only */ }
  var timer = null;

  function blockOf(qid) { return form.querySelector('[data-question="' + qid + '"]'); }

  // The typed answer of a question, as the server's coerce_answer reads it; null when empty.
  function answerOf(block) {
    var type = rules.types[block.getAttribute("data-question")];
    var inputs = block.querySelectorAll("input, textarea, select");
    if (type === "multi") {
      var picked = [];
      for (var i = 0; i < inputs.length; i++) { if (inputs[i].checked) { picked.push(inputs[i].value); } }
      return picked.length ? picked : null;
    }
    if (type === "yesno" || type === "choice") {
      for (var j = 0; j < inputs.length; j++) { if (inputs[j].checked) { return inputs[j].value; } }
      return null;
    }
    var text = inputs.length ? inputs[0].value : "";
    if (!text.trim()) { return null; }
    if (type === "number") {
      var cleaned = text.trim().replace(/[,_]/g, "");
      var number = Number(cleaned);
      return cleaned && isFinite(number) ? number : null;
    }
    if (type === "date") { return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : null; }
    return type === "longtext" ? text : text.trim();
  }

  function matches(value, answer) {
    if (typeof answer === "string") { return answer === value.x; }
    return value.k === "number" && typeof answer === "number" && answer === parseFloat(value.x);
  }

  function order(value, answer) {
    var bound;
    if (value.k === "number" && typeof answer === "number") { bound = parseFloat(value.x); }
    else if (value.k === "string" && typeof answer === "string") { bound = value.x; }
    else { return null; }
    return answer > bound ? 1 : (answer < bound ? -1 : 0);
  }

  function some(values, test) {
    for (var i = 0; i < values.length; i++) { if (test(values[i])) { return true; } }
    return false;
  }

  // true, false, or null when the condition tests a question that has no answer.
  function truth(node, answers) {
    var answer = node.q !== undefined ? answers[node.q] : undefined;
    var present = answer !== undefined && answer !== null;
    switch (node.t) {
      case "cmp":
        if (!present) { return null; }
        if (node.op === "=") { return matches(node.v, answer); }
        if (node.op === "!=") { return !Array.isArray(answer) && !matches(node.v, answer); }
        var o = order(node.v, answer);
        if (o === null) { return false; }
        return { "<": o < 0, "<=": o <= 0, ">": o > 0, ">=": o >= 0 }[node.op];
      case "in":
        if (!present) { return null; }
        if (Array.isArray(answer)) { return false; }
        return some(node.vs, function (v) { return matches(v, answer); }) !== node.neg;
      case "inc":
        if (!present) { return null; }
        if (!Array.isArray(answer)) { return false; }
        return some(node.vs, function (v) { return answer.indexOf(v.x) !== -1; });
      case "ans": return present === node.a;
      case "not":
        var inner = truth(node.c, answers);
        return inner === null ? null : !inner;
      case "and": return combine(node.cs, answers, false);
      case "or": return combine(node.cs, answers, true);
    }
    return true;
  }

  // "and" (decisive false) or "or" (decisive true): the decisive value wins, then not known.
  function combine(nodes, answers, decisive) {
    var unknown = false;
    for (var i = 0; i < nodes.length; i++) {
      var value = truth(nodes[i], answers);
      if (value === decisive) { return decisive; }
      if (value === null) { unknown = true; }
    }
    return unknown ? null : !decisive;
  }

  function holds(node, answers) { return truth(node, answers) === true; }

  // The questions to hide, decided in dependency order on the typed answers.
  function decide() {
    var counted = {};
    var key;
    for (key in rules.known) { if (Object.prototype.hasOwnProperty.call(rules.known, key)) { counted[key] = rules.known[key]; } }
    var hidden = [];
    for (var i = 0; i < rules.order.length; i++) {
      var qid = rules.order[i];
      var rule = rules.rules[qid];
      var block = blockOf(qid);
      if (!block) { continue; }
      if (rule && !holds(rule, counted)) { hidden.push(qid); continue; }
      var answer = answerOf(block);
      if (answer !== null) { counted[qid] = answer; }
    }
    return hidden;
  }

  function apply(hidden) {
    var shown = 0, gone = 0;
    var blocks = form.querySelectorAll("[data-question]");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var qid = block.getAttribute("data-question");
      var hide = hidden.indexOf(qid) !== -1;
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

  function askServer() {
    if (!window.fetch || !window.FormData || !url) { return; }
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { return null; }
        document.dispatchEvent(new Event("session:renewed"));
        return response.json();
      })
      .then(function (result) { if (result && result.hidden) { apply(result.hidden); } })
      .catch(function () { /* the server decides again on save */ });
  }

  function changed() {
    apply(decide());
    window.clearTimeout(timer);
    timer = window.setTimeout(askServer, 400);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
})();
