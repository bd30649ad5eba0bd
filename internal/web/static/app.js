// OneWindow page script. Loaded as a file (the CSP allows no inline script).
// htmx requests carry the session's CSRF token from the <meta> tag.
document.addEventListener("htmx:configRequest", function (e) {
  var m = document.querySelector('meta[name="csrf-token"]');
  if (m) { e.detail.headers["X-CSRF-Token"] = m.content; }
});
// Buttons with data-confirm ask before submitting their form.
document.addEventListener("submit", function (e) {
  var b = e.submitter;
  if (b && b.dataset.confirm && !window.confirm(b.dataset.confirm)) { e.preventDefault(); }
});
// A failed htmx request (expired session, missing CSRF token, server error)
// shows the server's message instead of doing nothing.
document.addEventListener("htmx:responseError", function (e) {
  var xhr = e.detail.xhr, msg = "操作失败（" + xhr.status + "），请刷新页面后重试";
  try { var p = JSON.parse(xhr.responseText); if (p.detail) { msg = p.detail; } } catch (_) {}
  if (xhr.status === 401) { window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname); return; }
  var box = document.getElementById("htmx-error");
  if (!box) {
    box = document.createElement("p");
    box.id = "htmx-error"; box.className = "flash flash-error"; box.setAttribute("role", "alert");
    var main = document.getElementById("main"); main.insertBefore(box, main.firstChild);
  }
  box.textContent = msg;
});
