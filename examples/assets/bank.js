// 口座開設 demo: shows the portrait for reference, then posts the presentation to the bank's backend
// (demo route POST /demo/bank/submit, which calls POST /mynaform/v1/verify with the demo API key) and shows
// the server's verdict with the identity it verified (name, birth date, address; never the portrait). The
// browser's own verification is only a convenience.
const form = document.getElementById('account');
const verdict = document.getElementById('verdict');
const portraitBox = document.getElementById('portrait-box');
const portrait = document.getElementById('portrait');

form.addEventListener('mynaform:filled', (event) => {
  if (event.detail.portrait) {
    portrait.src = event.detail.portrait;
    portraitBox.hidden = false;
  }
});

function show(ok, title, lines) {
  verdict.hidden = false;
  verdict.className = `result ${ok ? 'ok' : 'ng'}`;
  verdict.textContent = '';
  const heading = document.createElement('h2');
  heading.textContent = title;
  verdict.append(heading);
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    verdict.append(p);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const presentation = new FormData(form).get('mynaform_presentation');
  if (!presentation) {
    show(false, '本人確認が必要です', ['「マイナンバーカードで入力」を押して本人確認を行ってください。']);
    return;
  }
  let response;
  try {
    response = await fetch('/demo/bank/submit', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ presentation: JSON.parse(presentation), job: form.job.value }),
    });
  } catch {
    show(false, '送信できませんでした', ['ネットワークを確認してください。']);
    return;
  }
  if (response.status === 404 || response.status === 405) {
    show(false, 'デモ用バックエンドがありません', ['このサーバーは POST /demo/bank/submit を提供していません。']);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.valid) {
    const who = body.verified ?? {};
    show(true, 'サーバーで本人確認が完了しました', [
      `確認したお名前: ${who.full_name ?? '—'}`,
      `確認した生年月日: ${who.birth_date ?? '—'}`,
      `確認したご住所: ${who.address ?? '—'}`,
      `検証日時: ${body.verified_at ?? ''}`,
      '発行者の署名・証明書チェーン・端末署名（このセッションへの応答であること）を確認しました。',
    ]);
  } else {
    const check = body.failing_check ?? body.error ?? `HTTP ${response.status}`;
    const reasons = {
      session_consumed: 'この本人確認は既に使用されています（再送信はできません）。もう一度カードで本人確認してください。',
      session_expired: '本人確認の有効期限が切れました。もう一度カードで本人確認してください。',
      session_unknown: '本人確認のセッションが見つかりません。もう一度カードで本人確認してください。',
      presentation_missing: '本人確認の結果が送信されませんでした。',
    };
    show(false, '本人確認できませんでした', [`理由: ${check}`, ...(reasons[check] ? [reasons[check]] : [])]);
  }
});
