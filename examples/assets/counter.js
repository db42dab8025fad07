// 窓口 demo (staff): a large portrait for face comparison, the verified status, and automatic clearing
// after data-clear-seconds (override with ?clear=SECONDS).
const form = document.getElementById('counter');
const section = document.getElementById('identity');
const portrait = document.getElementById('portrait');
const countdown = document.getElementById('countdown');
const fromQuery = Number(new URLSearchParams(window.location.search).get('clear'));
const seconds = fromQuery > 0 ? fromQuery : Number(form.dataset.clearSeconds) || 60;
document.getElementById('clear-seconds').textContent = String(seconds);
let timer;

function text(id, value) { document.getElementById(id).textContent = value ?? ''; }

function clearAll() {
  clearInterval(timer);
  section.hidden = true;
  portrait.removeAttribute('src');
  for (const id of ['id-name', 'id-birth', 'id-sex', 'id-address', 'verified-status']) text(id, '');
  form.querySelector('input[name=mynaform_presentation]')?.remove();
  document.getElementById('counter-button').setAttribute('data-state', 'idle');
}

form.addEventListener('mynaform:filled', (event) => {
  const { claims, issuer, portrait: photo } = event.detail;
  if (photo) portrait.src = photo;
  text('verified-status', `✓ 検証済み（発行者: ${issuer}）`);
  text('id-name', claims.full_name);
  text('id-birth', claims.birth_date);
  text('id-sex', claims.sex === 'male' ? '男' : claims.sex === 'female' ? '女' : '');
  text('id-address', claims.full_address);
  section.hidden = false;
  let left = seconds;
  countdown.textContent = String(left);
  clearInterval(timer);
  timer = setInterval(() => {
    left -= 1;
    countdown.textContent = String(left);
    if (left <= 0) clearAll();
  }, 1000);
});

document.getElementById('clear').addEventListener('click', clearAll);
