// The form zoo (playwright/fixtures/forms/) filled end to end in Chromium: the real widget, the DC API
// answered by the virtual wallet with what the demo wallet (the test wallet holder) produced, every page
// under the strictest CSP, and every control asserted field by field — its value and, in debug mode,
// the detection rule that matched it (`data-mynaform-rule`).
//
// The card data of the fictional people are those of test-wallet/src/people.rs:
//   taro   見本　太郎, 平成元年5月15日 (1989-05-15), 男, 北海道札幌市中央区見本町北１条西２丁目３－４
//   hanako 見本　花子, 昭和46年9月1日 (1971-09-01), 女, 長野県北佐久郡軽井沢町大字見本１２３４－５
//   smith  SMITH JOHN, 1985-12-03 (昭和60年), 男, 東京都新宿区見本町３－４－５　見本ハイツ１０１
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot } from '../lib/browser.mjs';
import {
  assertField,
  cspViolations,
  fieldStates,
  openZooPage,
  pressAndAnswer,
  startZooServer,
} from '../lib/forms.mjs';

let browser;
let server;

before(async () => {
  server = await startZooServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Opens a zoo page, fills it as `person`, requires the filled state and no CSP violation, and returns
 * the field states. `check(states, page)` runs before the page closes.
 */
async function fillZoo(path, person, check, { protocol, confirm } = {}) {
  const { context, page, consoleLines } = await openZooPage(browser, server, path, { confirm });
  try {
    const result = await pressAndAnswer(page, server, { person, protocol });
    assert.equal(result.state, 'filled', `ended ${result.state} (${result.error}): ${result.status}`);
    const states = await fieldStates(page);
    await check(states, page, result.armed.session);
    const csp = await cspViolations(page, consoleLines);
    assert.deepEqual(csp, { events: [], refusals: [] }, 'CSP violations');
    await screenshot(page, `zoo-${path.split('/').pop().replace('.html', '')}`);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

test('detection follows data-mynaform, then autocomplete, then yubinbango classes, then the heuristic', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/precedence.html', 'taro', (s) => {
    // data-mynaform="city" beats autocomplete=postal-code, class p-region and the label 氏名.
    assertField(s, 'a', '札幌市中央区', 'city:data-mynaform');
    // autocomplete=family-name beats class p-locality and the label 住所.
    assertField(s, 'b', '見本', 'family_name:autocomplete=family-name');
    // class p-region beats the label 氏名.
    assertField(s, 'c', '北海道', 'prefecture:class=p-region');
    assertField(s, 'd', '見本\u3000太郎', 'full_name:heuristic:お名前');
    assertField(s, 'e', '1989-05-15', 'birth_date:heuristic:生年月日/text');
    // An unknown data-mynaform value falls through to the next rule.
    assertField(s, 'f', '太郎', 'given_name:autocomplete=given-name');
    // Furigana and unrelated fields are neither detected nor filled.
    assertField(s, 'kana', '', null);
    assertField(s, 'company', '', null);
  });
});

for (const protocol of ['org-iso-mdoc', 'openid4vp-v1-unsigned']) {
  test(`every autocomplete token fills its field when the labels say nothing (${protocol})`, { timeout: 60_000 }, async () => {
    await fillZoo('/forms/autocomplete.html', 'smith', (s) => {
      assertField(s, 'q1', 'SMITH', 'family_name:autocomplete=family-name');
      assertField(s, 'q2', 'JOHN', 'given_name:autocomplete=given-name');
      assertField(s, 'q3', '1985', 'birth_year:autocomplete=bday-year');
      assertField(s, 'q4', '12', 'birth_month:autocomplete=bday-month');
      assertField(s, 'q5', '3', 'birth_day:autocomplete=bday-day');
      assertField(s, 'q6', '男', 'sex:autocomplete=sex');
      assert.equal(s.q7.rule, 'postal_code:autocomplete=postal-code');
      assertField(s, 'q8', '東京都', 'prefecture:autocomplete=address-level1');
      assertField(s, 'q9', '新宿区', 'city:autocomplete=address-level2');
      assertField(s, 'q10', '見本町３－４－５', 'address_line1:autocomplete=address-line1');
      assertField(s, 'q11', '見本ハイツ１０１', 'address_line2:autocomplete=address-line2');
      assertField(s, 'q12', '', null);
    }, { protocol });
  });
}

test('name, bday and street-address tokens fill one-field name, date and whole address', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/autocomplete-single.html', 'hanako', (s) => {
    assertField(s, 'q1', '見本\u3000花子', 'full_name:autocomplete=name');
    // A text date follows its placeholder's shape.
    assertField(s, 'q2', '1971/09/01', 'birth_date:autocomplete=bday');
    assert.equal(s.q3.rule, 'postal_code:autocomplete=postal-code', 'section and shipping prefixes are skipped');
    // street-address without prefecture/city fields on the form is the whole address.
    assertField(s, 'q4', '長野県北佐久郡軽井沢町大字見本１２３４－５', 'full_address:autocomplete=street-address');
  });
});

test('yubinbango h-adr classes fill region, locality, street and extended address', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/yubinbango.html', 'smith', (s) => {
    assert.equal(s.zip.rule, 'postal_code:class=p-postal-code');
    assertField(s, 'region', '東京都', 'prefecture:class=p-region');
    assertField(s, 'locality', '新宿区', 'city:class=p-locality');
    assertField(s, 'street', '見本町３－４－５', 'address_line1:class=p-street-address');
    assertField(s, 'extended', '見本ハイツ１０１', 'address_line2:class=p-extended-address');
    // p-region-id: the select's values are JIS codes.
    assertField(s, 'region_id', '13', 'prefecture:class=p-region-id');
    // p-locality p-street-address on one field: city and street together.
    assertField(s, 'locality_street', '新宿区見本町３－４－５', 'city_and_street:class=p-locality');
  });
});

/** Whether any wallet request of the session names `element` (OpenID4VP JSON, or the mdoc DeviceRequest's CBOR). */
function sessionRequests(session, element) {
  return session.requests.some((request) => {
    if (JSON.stringify(request).includes(element)) return true;
    const deviceRequest = request.data?.deviceRequest;
    return typeof deviceRequest === 'string' && Buffer.from(deviceRequest, 'base64url').includes(element);
  });
}

test('the label and name heuristic fills a table-layout form and leaves furigana and phone alone', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/labels.html', 'smith', (s, _page, session) => {
    // autofill_basic4 does not ask for the My Number, in either protocol's request.
    assert.equal(sessionRequests(session, 'individual_number_unicode'), false, 'the My Number was requested');
    assert.equal(sessionRequests(session, 'resident_address_unicode'), true, 'the control: the address is requested');
    assertField(s, 'x1', 'SMITH', 'family_name:heuristic:姓');
    assertField(s, 'x2', 'JOHN', 'given_name:heuristic:名');
    assertField(s, 'x3', '', null);
    assertField(s, 'x4', '', null);
    // The placeholder 例：1980年1月1日 asks for a 年月日 date.
    assertField(s, 'x5', '1985年12月3日', 'birth_date:heuristic:生年月日/text');
    assertField(s, 'x6', '東京都', 'prefecture:heuristic:都道府県');
    assertField(s, 'x7', '新宿区', 'city:heuristic:市区町村');
    assertField(s, 'x8', '見本町３－４－５', 'address_line1:heuristic:番地');
    assertField(s, 'x9', '見本ハイツ１０１', 'address_line2:heuristic:建物');
    // Detected, but the My Number is not requested by autofill_basic4, so it stays empty.
    assertField(s, 'x10', '', 'my_number:heuristic:マイナンバー');
    assertField(s, 'x11', '', null);
    assertField(s, 'sei_name', 'SMITH', 'family_name:heuristic:sei');
  });
});

test('a legacy form labelled only by its table headers and definition terms is filled', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/layout.html', 'hanako', (s) => {
    assertField(s, 'c1', '見本\u3000花子', 'full_name:heuristic:氏名');
    assertField(s, 'c2', '1971-09-01', 'birth_date:heuristic:生年月日/date');
    assertField(s, 'c3', '2', 'sex:heuristic:性別');
    assertField(s, 'c4', '', null);
    assertField(s, 'c5', '長野県', 'prefecture:heuristic:都道府県');
    assertField(s, 'c6', '北佐久郡軽井沢町', 'city:heuristic:市区町村');
    assertField(s, 'c7', '大字見本１２３４－５', 'address_line1:heuristic:番地');
  });
});

test('name parts labelled under the full name (お名前（姓）, 氏名(名)) fill 姓 and 名, 姓名 the whole name', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/names.html', 'taro', (s) => {
    assertField(s, 'n1', '見本', 'family_name:heuristic:お名前/姓');
    assertField(s, 'n2', '太郎', 'given_name:heuristic:お名前/名');
    // The reading (セイ/メイ) is not on the card.
    assertField(s, 'n3', '');
    assertField(s, 'n4', '');
    assertField(s, 'n5', '見本', 'family_name:heuristic:氏名/姓');
    assertField(s, 'n6', '太郎', 'given_name:heuristic:氏名/名');
    assertField(s, 'n7', '見本\u3000太郎', 'full_name:heuristic:姓名');
    assertField(s, 'n8', '見本', 'family_name:heuristic:名字');
  });
});

test('元号 select, 元年 year option, zero-padded month, plain day, prefecture by name and sex radios', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/era-gannen.html', 'taro', (s) => {
    assertField(s, 'pref', '北海道', 'prefecture:heuristic:都道府県');
    // 元号 labelled only 元号, inside the group labelled 生年月日.
    assertField(s, 'b_1', 'H', 'birth_era:heuristic:生年月日/元号');
    // 平成元年: the year-in-era select's 元年 option; the label 生年月日 年 names the part.
    assertField(s, 'b_2', '元年', 'birth_year:heuristic:生年月日/年');
    // Month options 01–12 (leading zeros), day options 1日–31日 (none).
    assertField(s, 'b_3', '05', 'birth_month:heuristic:生年月日/options');
    assertField(s, 'b_4', '15', 'birth_day:heuristic:生年月日/options');
    assertField(s, 'gender', 'male', 'sex:heuristic:性別');
  });
});

test('prefecture select by JIS code, era by romaji value, year in era and two-digit day', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/codes.html', 'smith', (s) => {
    assertField(s, 'pref_code', '13', 'prefecture:heuristic:都道府県');
    assertField(s, 'birth_era', 'showa', 'birth_era:heuristic:birth/era');
    // With an era field on the form, the year field takes the year in era (昭和60年).
    assertField(s, 'birth_year', '60', 'birth_year:heuristic:birth/year');
    assertField(s, 'birth_month', '12', 'birth_month:heuristic:birth/month');
    // The placeholder 01 asks for two digits.
    assertField(s, 'birth_day', '03', 'birth_day:heuristic:birth/day');
    assertField(s, 'seibetsu', '1', 'sex:heuristic:性別');
  });
});

test('type=date, separate year/month/day fields with and without leading zeros, sex select', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/dates.html', 'hanako', (s) => {
    assertField(s, 'dob', '1971-09-01', 'birth_date:heuristic:生年月日/date');
    // No era field on this form: the year is 西暦.
    assertField(s, 'birth_y', '1971', 'birth_year:heuristic:誕生日/_y');
    assertField(s, 'birth_m', '9', 'birth_month:heuristic:誕生日/_m');
    assertField(s, 'birth_d', '1', 'birth_day:heuristic:誕生日/_d');
    assertField(s, 'birth_month_2d', '09', 'birth_month:heuristic:birth/month');
    assertField(s, 'birthdate8', '19710901', 'birth_date:heuristic:生年月日/text');
    // Selects: month options valued 01–12, day options 1–31.
    assertField(s, 'sel_month', '09', 'birth_month:heuristic:生年月日/options');
    assertField(s, 'sel_day', '1', 'birth_day:heuristic:生年月日/options');
    assertField(s, 'sex_select', 'F', 'sex:heuristic:性別');
  });
});

test('full-width and half-width follow the label, pattern and inputmode; a too-short maxlength is left empty', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/width.html', 'smith', (s) => {
    assertField(s, 'name_zen', 'ＳＭＩＴＨ\u3000ＪＯＨＮ');
    assertField(s, 'addr_zen', '東京都新宿区見本町３－４－５\u3000見本ハイツ１０１');
    assertField(s, 'banchi_han', '見本町3-4-5');
    assertField(s, 'banchi_pattern_zen', '見本町３－４－５');
    assertField(s, 'building_latin', '見本ハイツ101');
    // 新宿区 has three characters; a cut value would be wrong data.
    assertField(s, 'city_short', '', 'city:heuristic:市区町村');
  });
});

test('the postal code follows the shape of each field: hyphen, none, split 3 + 4, full width', { timeout: 60_000 }, async () => {
  // The test people live in fictional towns that the postal table does not know, so the server's
  // lookup is answered here with a real code of 札幌市中央区; the widget asks it with the card's
  // municipality code.
  const asked = [];
  const { context, page, consoleLines } = await openZooPage(browser, server, '/forms/postal.html', {
    before: (p) =>
      p.route(
        (url) => url.pathname === '/mynaform/v1/postal-code',
        (route) => {
          asked.push(Object.fromEntries(new URL(route.request().url()).searchParams));
          return route.fulfill({ json: { postal_code: '0600042' } });
        },
      ),
  });
  try {
    const result = await pressAndAnswer(page, server, { person: 'taro' });
    assert.equal(result.state, 'filled', `ended ${result.state} (${result.error}): ${result.status}`);
    assert.equal(asked.length, 1);
    assert.match(asked[0].local_gov_code, /^01101\d$/);
    const s = await fieldStates(page);
    assertField(s, 'zip', '060-0042', 'postal_code:heuristic:郵便番号');
    assertField(s, 'zip7', '0600042');
    assertField(s, 'zip1', '060');
    assertField(s, 'zip2', '0042');
    assertField(s, 'zip_zen', '０６０－００４２');
    assertField(s, 'zip_digits', '0600042');
    assert.deepEqual(await cspViolations(page, consoleLines), { events: [], refusals: [] });
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
});

test('the button outside the form fills the form named by its form attribute, and no other', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/outside.html', undefined, (s) => {
    assertField(s, 'name', '見本\u3000太郎');
    assertField(s, 'address', '北海道札幌市中央区見本町北１条西２丁目３－４');
    assertField(s, 'other_name', '');
    assertField(s, 'other_address', '');
  });
});

test('with allow-my-number the My Number fills only its field and the summary shows it masked', { timeout: 60_000 }, async () => {
  await fillZoo('/forms/labels-single.html', 'hanako', async (s, page, session) => {
    assert.equal(sessionRequests(session, 'individual_number_unicode'), true, 'the My Number was not requested');
    assertField(s, 'shimei', '見本\u3000花子', 'full_name:heuristic:氏名');
    assertField(s, 'jusho', '長野県北佐久郡軽井沢町大字見本１２３４－５', 'full_address:heuristic:住所');
    const number = s.bango.value;
    assert.match(number, /^\d{12}$/, 'the My Number field holds 12 digits');
    assert.equal(number.slice(0, 11), '23456789012');
    assert.equal(s.bango.rule, 'my_number:heuristic:個人番号');
    assertField(s, 'biko', '', null);
    assertField(s, 'toiawase', '', null);
    // Nowhere else in the light DOM (the hidden presentation carries it only inside CBOR bytes).
    const elsewhere = await page.evaluate((n) => {
      const hits = [];
      for (const element of document.querySelectorAll('input, textarea, select')) {
        if (element.name !== 'bango' && element.name !== 'mynaform_presentation' && element.value.includes(n)) {
          hits.push(element.name);
        }
      }
      if (document.body.innerText.includes(n)) hits.push('body text');
      return hits;
    }, number);
    assert.deepEqual(elsewhere, []);
    const summary = await page.locator('mynaform-button [part="summary"]').textContent();
    assert.ok(!summary.includes(number), 'the summary shows the full My Number');
    assert.ok(summary.includes(`********${number.slice(8)}`), `the summary does not show the masked number: ${summary}`);
  });
});

/** Opens edited.html, lets the user type into 姓 and pick 性別 as `edits` says, fills, answers confirm(). */
async function fillAfterEdits(edits, confirm) {
  const { context, page, consoleLines, dialogs } = await openZooPage(browser, server, '/forms/edited.html', { confirm });
  try {
    if (edits) {
      await page.locator('input[name="sei"]').fill('佐藤');
      await page.locator('select[name="sex"]').selectOption('女');
    }
    const result = await pressAndAnswer(page, server, { person: 'taro' });
    assert.equal(result.state, 'filled', `ended ${result.state} (${result.error}): ${result.status}`);
    return { states: await fieldStates(page), dialogs };
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

test('an untouched form is filled without a question, replacing server-rendered defaults', { timeout: 60_000 }, async () => {
  const { states, dialogs } = await fillAfterEdits(false, true);
  assert.deepEqual(dialogs, []);
  assertField(states, 'sei', '見本');
  assertField(states, 'pref', '北海道');
  assertField(states, 'sex', '男');
});

test('fields the user edited are overwritten only after the confirmation is accepted', { timeout: 60_000 }, async () => {
  const { states, dialogs } = await fillAfterEdits(true, true);
  assert.equal(dialogs.length, 1, 'one confirmation');
  assert.equal(dialogs[0].type, 'confirm');
  assert.match(dialogs[0].message, /上書き/);
  assertField(states, 'sei', '見本');
  assertField(states, 'sex', '男');
  assertField(states, 'mei', '太郎');
});

test('fields the user edited are kept when the confirmation is declined, the others are filled', { timeout: 60_000 }, async () => {
  const { states, dialogs } = await fillAfterEdits(true, false);
  assert.equal(dialogs.length, 1, 'one confirmation');
  assertField(states, 'sei', '佐藤');
  assertField(states, 'sex', '女');
  assertField(states, 'mei', '太郎');
  assertField(states, 'pref', '北海道');
  assertField(states, 'city', '札幌市中央区');
});

test('the My Number preset without allow-my-number is a configuration error and asks nothing', { timeout: 60_000 }, async () => {
  const { context, page, consoleLines } = await openZooPage(browser, server, '/forms/my-number-no-opt-in.html');
  try {
    let sessions = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/mynaform/v1/sessions')) sessions += 1;
    });
    const host = page.locator('mynaform-button');
    assert.equal(await host.getAttribute('data-state'), 'error');
    assert.equal(await host.getAttribute('data-error'), 'my_number_not_allowed');
    await host.locator('button[part="button"]').click();
    await page.waitForFunction(() => document.querySelector('mynaform-button').getAttribute('data-state') === 'error');
    assert.equal(await host.getAttribute('data-error'), 'my_number_not_allowed');
    assert.match(await host.locator('[part="status"]').textContent(), /allow-my-number/);
    assert.equal(sessions, 0, 'a session was created');
    assert.deepEqual(Object.values(await fieldStates(page)).map((f) => f.value), ['', '']);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
});
