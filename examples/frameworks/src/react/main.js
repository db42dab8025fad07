// A React form whose inputs are controlled by state: the widget must go through the native value setter and
// fire input/change events, or React would overwrite the values on the next render.
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadWidget } from '../widget-script.js';

const PREFECTURES = ['北海道', '東京都', '神奈川県', '長野県', '大阪府', '京都府', '福岡県', '沖縄県'];

function Field({ id, label, value, onChange, ...rest }) {
  return h('div', { className: 'row' },
    h('label', { htmlFor: id }, label),
    h('input', { id, name: id, type: 'text', value, onChange: (e) => onChange(e.target.value), ...rest }));
}

function App() {
  const [form, setForm] = useState({ family: '', given: '', bday: '', sex: '', pref: '', city: '', line1: '' });
  const set = (key) => (value) => setForm((f) => ({ ...f, [key]: value }));
  return h('form', { className: 'form', id: 'react-form', onSubmit: (e) => e.preventDefault() },
    h('h1', null, 'React フォーム'),
    h('mynaform-button', { preset: 'autofill_basic4' }),
    h(Field, { id: 'family', label: '姓', value: form.family, onChange: set('family'), autoComplete: 'family-name' }),
    h(Field, { id: 'given', label: '名', value: form.given, onChange: set('given'), autoComplete: 'given-name' }),
    h('div', { className: 'row' }, h('label', { htmlFor: 'bday' }, '生年月日'),
      h('input', { id: 'bday', name: 'bday', type: 'date', value: form.bday, onChange: (e) => set('bday')(e.target.value) })),
    h('fieldset', { className: 'row radios' }, h('legend', null, '性別'),
      ['male', 'female'].map((v) => h('label', { key: v },
        h('input', { type: 'radio', name: 'sex', value: v, checked: form.sex === v, onChange: () => set('sex')(v) }),
        v === 'male' ? ' 男性' : ' 女性'))),
    h('div', { className: 'row' }, h('label', { htmlFor: 'pref' }, '都道府県'),
      h('select', { id: 'pref', name: 'pref', value: form.pref, onChange: (e) => set('pref')(e.target.value) },
        h('option', { value: '' }, '選択'), PREFECTURES.map((p) => h('option', { key: p, value: p }, p)))),
    h(Field, { id: 'city', label: '市区町村', value: form.city, onChange: set('city') }),
    h(Field, { id: 'line1', label: '番地', value: form.line1, onChange: set('line1') }),
    h('h2', null, 'React の状態（state）'),
    h('pre', { id: 'state', className: 'note' }, JSON.stringify(form, null, 1)));
}

loadWidget();
createRoot(document.getElementById('app')).render(h(App));
