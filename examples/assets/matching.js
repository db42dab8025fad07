// マッチングアプリ demo: the preset age_over_18_with_name asks the card for exactly two things, whether the
// holder is 18 or older and the name. After filling, the page lists what the wallet actually sent and shows
// that everything else (birth date, address, sex, My Number, portrait) was not received.
const status = document.getElementById('age-status');
const button = document.getElementById('age-button');
const received = document.getElementById('received');
const receivedItems = document.getElementById('received-items');
const notReceivedItems = document.getElementById('not-received-items');

// Each item the page could in principle get, and how to tell from the widget's claims that it arrived.
const ITEMS = [
  ['age_over_18', '18歳以上かどうか', (c) => typeof c.age_over_18 === 'boolean'],
  ['full_name', '氏名', (c) => Boolean(c.full_name)],
  ['birth_date', '生年月日', (c) => Boolean(c.birth_date)],
  ['address', '住所', (c) => Boolean(c.full_address || c.prefecture || c.address_line1)],
  ['sex', '性別', (c) => Boolean(c.sex)],
  ['my_number', '個人番号', (c) => Boolean(c.my_number)],
  ['portrait', '顔写真', (c) => c.portrait_present === true],
];

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

button.addEventListener('mynaform:filled', (event) => {
  const claims = event.detail.claims ?? {};
  const ok = claims.age_over_18 === true;
  status.textContent = ok ? '✓ 18歳以上であることと氏名を確認しました（生年月日は受け取っていません）'
    : '✗ 18歳以上であることを確認できませんでした。ご登録いただけません。';
  status.className = `status-line ${ok ? 'ok' : 'ng'}`;
  receivedItems.textContent = '';
  notReceivedItems.textContent = '';
  for (const [key, label, arrived] of ITEMS) {
    const li = item(label);
    li.dataset.item = key;
    (arrived(claims) ? receivedItems : notReceivedItems).append(li);
  }
  received.hidden = false;
});
