// A Vue form with v-model-style bindings written as render functions (no runtime template compiler, so no
// 'unsafe-eval' under the strict CSP). The widget's input/change events update the reactive state.
import { createApp, h, reactive } from 'vue';
import { loadWidget } from '../widget-script.js';

const PREFECTURES = ['北海道', '東京都', '神奈川県', '長野県', '大阪府', '京都府', '福岡県', '沖縄県'];

const App = {
  setup() {
    const form = reactive({ fullName: '', bday: '', sex: '', pref: '', city: '', line1: '' });
    const text = (id, label, key, extra = {}) => h('div', { class: 'row' }, [
      h('label', { for: id }, label),
      h('input', { id, name: id, type: 'text', value: form[key], onInput: (e) => { form[key] = e.target.value; }, ...extra }),
    ]);
    return () => h('form', { class: 'form', id: 'vue-form', onSubmit: (e) => e.preventDefault() }, [
      h('h1', 'Vue フォーム'),
      h('mynaform-button', { preset: 'autofill_basic4' }),
      text('full_name', '氏名', 'fullName', { autocomplete: 'name' }),
      h('div', { class: 'row' }, [h('label', { for: 'bday' }, '生年月日'),
        h('input', { id: 'bday', name: 'bday', type: 'date', value: form.bday, onInput: (e) => { form.bday = e.target.value; } })]),
      h('fieldset', { class: 'row radios' }, [h('legend', '性別'),
        ...['male', 'female'].map((v) => h('label', [
          h('input', { type: 'radio', name: 'sex', value: v, checked: form.sex === v, onChange: () => { form.sex = v; } }),
          v === 'male' ? ' 男性' : ' 女性']))]),
      h('div', { class: 'row' }, [h('label', { for: 'pref' }, '都道府県'),
        h('select', { id: 'pref', name: 'pref', value: form.pref, onChange: (e) => { form.pref = e.target.value; } },
          [h('option', { value: '' }, '選択'), ...PREFECTURES.map((p) => h('option', { value: p }, p))])]),
      text('city', '市区町村', 'city'),
      text('line1', '番地', 'line1'),
      h('h2', 'Vue の状態（reactive）'),
      h('pre', { id: 'state', class: 'note' }, JSON.stringify(form, null, 1)),
    ]);
  },
};

loadWidget();
createApp(App).mount('#app');
