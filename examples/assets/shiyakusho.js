// 市役所 demo: the widget fills the form; on submit the page shows what the backend would receive.
const form = document.getElementById('application');
const result = document.getElementById('result');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const presentation = data.get('mynaform_presentation');
  result.hidden = false;
  result.textContent = '';
  const heading = document.createElement('h2');
  heading.textContent = '送信内容（デモ）';
  const text = document.createElement('p');
  if (presentation) {
    const parsed = JSON.parse(presentation);
    text.textContent = `提示（session ${parsed.session_id}、${parsed.protocol}）を添えて送信します。` +
      '市役所のサーバーは POST /mynaform/v1/verify で再検証してから受け付けます。';
  } else {
    text.textContent = 'マイナンバーカードを使わずに入力された申請です（本人確認書類の提出が別途必要です）。';
  }
  result.append(heading, text);
});
