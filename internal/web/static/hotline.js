// 12345 受理来电: "复制答复" on a knowledge-base hit found beside the form
// puts its answer and article number into the 当场答复 part of the form
// (and on the clipboard), so the agent can read it out and conclude the
// call at once. Listening on the document also serves hits htmx swaps in.
document.addEventListener('click', function (e) {
  var b = e.target.closest('#hl-kb .kb-copy');
  if (!b) return;
  var el = document.getElementById(b.dataset.copy);
  if (!el) return;
  var text = el.innerText.trim();
  var box = document.querySelector('.hl-answer');
  var answer = document.getElementById('hl-answer-text');
  var article = document.getElementById('hl-article');
  if (box) box.open = true;
  if (answer) answer.value = text;
  if (article) article.value = b.dataset.copy.replace('kb-answer-', '');
  var type = document.getElementById('hl-type');
  if (type) type.value = 'consult';
  if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
  var label = b.textContent;
  b.textContent = document.documentElement.lang === 'en' ? 'Put in the answer' : '已填入答复';
  setTimeout(function () { b.textContent = label; }, 1500);
});
