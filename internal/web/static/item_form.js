// Online application form (templates/item_form.html): add and remove
// table rows in the page. Without this script the same buttons post the
// form and the server draws it again with the row added or removed, so
// the form works without it too.
(function () {
  "use strict";

  // renumber writes each row's number and its inputs' accessible names
  // ("姓名 2") after rows came or went.
  function renumber(body) {
    var rows = body.querySelectorAll(":scope > tr");
    for (var i = 0; i < rows.length; i++) {
      var no = String(i + 1);
      var th = rows[i].querySelector(".af-no");
      if (th) { th.textContent = no; }
      var cells = rows[i].querySelectorAll("[data-col]");
      for (var j = 0; j < cells.length; j++) {
        cells[j].setAttribute("aria-label", cells[j].getAttribute("data-col") + " " + no);
      }
    }
    var add = document.querySelector('[data-add="' + body.id + '"]');
    var max = parseInt(body.getAttribute("data-max"), 10) || 0;
    if (add) { add.disabled = max > 0 && rows.length >= max; }
  }

  // addRow copies the table's blank row, numbering its input names with
  // the next free index, and moves the focus into it.
  function addRow(button) {
    var body = document.getElementById(button.getAttribute("data-add"));
    var tpl = body && document.getElementById(body.getAttribute("data-template"));
    if (!tpl) { return false; }
    var max = parseInt(body.getAttribute("data-max"), 10) || 0;
    var count = body.querySelectorAll(":scope > tr").length;
    if (max > 0 && count >= max) { return true; }
    var n = parseInt(body.getAttribute("data-next"), 10) || 0;
    var html = tpl.innerHTML.split(body.getAttribute("data-token")).join(String(n))
      .split(body.getAttribute("data-no")).join(String(count + 1));
    // A <tr> is parsed only inside table context.
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    var row = holder.querySelector("tr");
    if (!row) { return false; }
    body.setAttribute("data-next", String(n + 1));
    body.appendChild(row);
    renumber(body);
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
    return true;
  }

  // removeRow takes a row out; the focus goes to the row before it, or
  // to the add button, so keyboard users are not thrown to the top.
  function removeRow(button) {
    var row = button.closest("tr");
    var body = row && row.parentElement;
    if (!body || !body.id) { return false; }
    var prev = row.previousElementSibling;
    row.remove();
    renumber(body);
    var target = prev ? prev.querySelector("[data-remove]") : document.querySelector('[data-add="' + body.id + '"]');
    if (target) { target.focus(); }
    return true;
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-add], button[data-remove]") : null;
    if (!b || !b.closest("#apply-form")) { return; }
    var done = b.hasAttribute("data-add") ? addRow(b) : removeRow(b);
    if (done) { e.preventDefault(); }
  });

  function start() {
    var bodies = document.querySelectorAll("#apply-form tbody[data-template]");
    for (var i = 0; i < bodies.length; i++) { renumber(bodies[i]); }
    // After a check, bring the result into view and to screen readers.
    var result = document.getElementById("apply-result");
    if (result) { result.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
