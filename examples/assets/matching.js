// マッチングアプリ demo: only age_over_18 is requested; the page states what was not requested.
const status = document.getElementById('age-status');
const button = document.getElementById('age-button');

button.addEventListener('mynaform:filled', (event) => {
  const ok = event.detail.claims.age_over_18 === true;
  status.textContent = ok ? '✓ 18歳以上であることを確認しました（生年月日は受け取っていません）'
    : '✗ 18歳以上であることを確認できませんでした。ご登録いただけません。';
  status.className = `status-line ${ok ? 'ok' : 'ng'}`;
});
