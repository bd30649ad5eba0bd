// Item editor (templates/item_edit.html): add and remove repeatable rows
// in the page instead of posting the form. Without this script the same
// buttons post the form and the server draws the page with the row added
// or removed, so the editor works without it too.
(function () {
  "use strict";

  // addRow clones the list's <template>, numbering the row's inputs with
  // the list's next free index, and moves the focus into the new row.
  function addRow(button) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return false; }
    var tpl = null;
    for (var i = 0; i < list.children.length; i++) {
      if (list.children[i].tagName === "TEMPLATE") { tpl = list.children[i]; }
    }
    if (!tpl) { return false; }
    var n = parseInt(list.getAttribute("data-next"), 10) || 0;
    var token = list.getAttribute("data-token");
    var holder = document.createElement("div");
    holder.innerHTML = tpl.innerHTML.split(token).join(String(n));
    var row = holder.firstElementChild;
    list.setAttribute("data-next", String(n + 1));
    list.insertBefore(row, tpl);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    return true;
  }

  // removeRow takes a row out; the focus goes to the row before it, or to
  // the list's add button, so keyboard users are not thrown to the top.
  function removeRow(button) {
    var row = button.closest(".erow");
    if (!row) { return false; }
    var list = row.parentElement;
    var prev = row.previousElementSibling;
    row.remove();
    var target = prev && prev.classList.contains("erow") ? prev.querySelector("[data-remove]") : null;
    if (!target && list && list.id) {
      target = document.querySelector('[data-add][aria-controls="' + list.id + '"]');
    }
    if (target) { target.focus(); }
    return true;
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-add], button[data-remove]") : null;
    if (!b || !b.closest("#editor")) { return; }
    var done = b.hasAttribute("data-add") ? addRow(b) : removeRow(b);
    if (done) { e.preventDefault(); }
  });
})();
