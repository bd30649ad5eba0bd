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
