// セルフレジ demo: one button, then ✓ or ✗. Nothing personal is displayed or stored; the widget's own
// summary is hidden on this page.
const verdict = document.getElementById('verdict');
const reset = document.getElementById('reset');
const button = document.getElementById('age-button');

function show(text, ok) {
  verdict.hidden = false;
  verdict.textContent = text;
  verdict.className = `verdict ${ok ? 'ok' : 'ng'}`;
  reset.hidden = false;
}

button.addEventListener('mynaform:filled', (event) => {
  const ok = event.detail.claims.age_over_20 === true;
  show(ok ? '✓ 20歳以上' : '✗ 20歳未満のため販売できません', ok);
});
button.addEventListener('mynaform:error', () => show('✗ 確認できませんでした。店員をお呼びください', false));

reset.addEventListener('click', () => {
  // A fresh page: no presentation, no state left behind.
  window.location.reload();
});
