// 知识库: "复制答复" copies an answer's text for the agent to paste or read out.
// Listening on the document also serves results htmx swaps in as the agent types.
document.addEventListener('click', function (e) {
  var b = e.target.closest('.kb-copy');
  if (!b || !navigator.clipboard) return;
  var el = document.getElementById(b.dataset.copy);
  if (!el) return;
  var label = b.textContent;
  navigator.clipboard.writeText(el.innerText.trim()).then(function () {
    b.textContent = document.documentElement.lang === 'en' ? 'Copied' : '已复制';
    setTimeout(function () { b.textContent = label; }, 1500);
  });
});
