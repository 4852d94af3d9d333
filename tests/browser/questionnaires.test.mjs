// Browser tests of audit questionnaires (issue 6, clause 9.2): an editor builds a questionnaire on
// an audit's page (questions of each kind, reordering, conforming answers, a control, one person as
// the audience) and sends it; that contributor finds it on Home, is told which required question is
// unanswered, and submits; the editor sees the response with the non-conforming answer highlighted,
// raises it as a finding and finds it in the audit's Findings panel; a viewer reads it all without
// a single control that changes it. The audit is made fresh each run so the file can run again.
//
//   ANNEX_URL=http://127.0.0.1:18431 node --test --test-concurrency=1 tests/browser/questionnaires.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, restAs, shot, signIn, toast } from './support.mjs';

const CONTRIBUTOR = 'contributor@demo.example';
const TITLE = `Clear desk questionnaire ${RUN}`;
let editor;
let auditId;

before(async () => {
  editor = await restAs('editor@demo.example');
  const spaces = await editor('GET', '/spaces?limit=100');
  const programme = spaces.data.find((s) => s.template_key === 'iso27001-audit-programme' || s.name === 'ISO 27001 Audit Programme');
  assert.ok(programme, 'the demo has the audit programme');
  const tree = await editor('GET', `/spaces/${programme.id}/items?limit=100`);
  const phase = tree.data.find((i) => i.kind === 'phase');
  assert.ok(phase, 'the programme has a phase');
  const audit = await editor('POST', `/spaces/${programme.id}/items`, {
    title: `Clear desk questionnaire audit ${RUN}`,
    kind: 'activity',
    parent_id: phase.id,
  });
  auditId = audit.id;
});

test('an editor builds the questionnaire and sends it to one person', async (t) => {
  const page = await open(t, { width: 1360, height: 1200 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  const card = page.locator('[data-testid="questionnaire-card"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-state'), 'none');
  await page.fill('[data-testid="qn-new-title"]', TITLE);
  await page.click('[data-testid="qn-create"]');
  await toast(page, /^Questionnaire created/);
  await page.waitForSelector('[data-testid="questionnaire-card"][data-state="draft"]');

  // Three questions: a free-text one first, then moved to the end.
  await page.fill('[data-testid="qn-intro"]', 'Five minutes on **how you leave your desk**.');
  for (let n = 0; n < 3; n += 1) {
    await page.click('[data-testid="qn-add-question"]');
  }
  const question = (n) => page.locator(`[data-testid="qn-question"][data-position="${n}"]`);
  await question(2).waitFor();
  await question(0).locator('[data-testid="qn-question-text"]').fill('Anything else?');
  await question(0).locator('[data-testid="qn-question-kind"]').selectOption('text');
  await question(0).locator('[data-testid="qn-question-required"]').uncheck();
  await question(1).locator('[data-testid="qn-question-text"]').fill('Do you lock your screen when you leave your desk?');
  await question(1).locator('[data-testid="qn-conforming-choice"][data-answer="yes"]').check();
  const lock = question(1).locator('[data-testid="qn-question-add-control"]');
  const a77 = lock.locator('option[data-reference="A.7.7"]');
  await a77.waitFor({ state: 'attached' });
  await lock.selectOption(await a77.getAttribute('value'));
  await question(1).locator('[data-testid="qn-question-control"][data-reference="A.7.7"]').waitFor();
  await question(2).locator('[data-testid="qn-question-text"]').fill('Where do papers go at the end of the day?');
  await question(2).locator('[data-testid="qn-question-kind"]').selectOption('choice');
  await question(2).locator('[data-testid="qn-question-options"]').fill('Locked drawer\nLeft on the desk');
  await question(2).locator('[data-testid="qn-conforming-choice"][data-answer="Locked drawer"]').check();
  await question(0).locator('[data-testid="qn-question-down"]').click();
  await question(1).locator('[data-testid="qn-question-down"]').click();
  assert.equal(await question(2).locator('[data-testid="qn-question-text"]').inputValue(), 'Anything else?');
  assert.equal(await question(0).locator('[data-testid="qn-question-text"]').inputValue(), 'Do you lock your screen when you leave your desk?');

  // A choice needs two options: the server says so at the question.
  await question(1).locator('[data-testid="qn-question-options"]').fill('Locked drawer');
  await page.click('[data-testid="qn-save"]');
  await question(1).locator('[data-testid="qn-question-error"]').waitFor();
  assert.match(await question(1).locator('[data-testid="qn-question-error"]').innerText(), /at least 2 options/);
  await question(1).locator('[data-testid="qn-question-options"]').fill('Locked drawer\nLeft on the desk');
  await question(1).locator('[data-testid="qn-conforming-choice"][data-answer="Locked drawer"]').check();

  // The audience: the contributor.
  const option = page.locator(`[data-testid="pack-add-person"] option[data-email="${CONTRIBUTOR}"]`);
  await option.waitFor({ state: 'attached' });
  await page.selectOption('[data-testid="pack-add-person"]', await option.getAttribute('value'));
  await page.waitForSelector('[data-testid="pack-person"]');
  assert.ok(await page.isDisabled('[data-testid="qn-send"]'), 'sending waits for the save');
  await page.click('[data-testid="qn-save"]');
  await toast(page, /^Saved/);
  const saved = await editor('GET', `/audits/${auditId}/questionnaire`);
  assert.deepEqual(saved.questions.map((q) => q.kind), ['yes_no', 'choice', 'text']);
  assert.deepEqual(saved.questions[0].conforming, ['yes']);
  assert.equal(saved.questions[0].controls.length, 1);
  assert.deepEqual(saved.questions[1].options, ['Locked drawer', 'Left on the desk']);
  assert.equal(saved.audience.users.length, 1);
  await page.waitForSelector('[data-testid="qn-question"][data-position="2"]');
  await shot(page, 'questionnaire-edit');

  await page.click('[data-testid="qn-send"]');
  await page.waitForSelector('[data-testid="qn-confirm"]');
  assert.match(await page.textContent('[data-testid="qn-confirm-text"]'), /^Send the questionnaire to 1 person\?/);
  await page.click('[data-testid="qn-confirm-yes"]');
  await toast(page, /^Sent/);
  await page.waitForSelector('[data-testid="questionnaire-card"][data-state="open"]');
  await page.waitForSelector('[data-testid="qn-frozen"]');
  assert.equal(await page.locator('[data-testid="qn-add-question"]').count(), 0, 'the questions are frozen');
  assert.equal(await page.textContent('[data-testid="qn-progress-audience"]'), '1');
});

test('the contributor answers from Home, is told what is missing and submits', async (t) => {
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, CONTRIBUTOR);
  const mine = page.locator(`[data-testid="my-questionnaire"][data-audit="${auditId}"]`);
  await mine.waitFor();
  assert.equal(await mine.getAttribute('data-outstanding'), 'true');
  assert.match(await mine.locator('[data-testid="my-questionnaire-standing"]').innerText(), /^0 of 3 answered/);
  await mine.locator('[data-testid="my-questionnaire-link"]').click();
  await page.waitForSelector('[data-testid="answer-title"]');
  assert.equal(await page.textContent('[data-testid="answer-title"]'), TITLE);
  assert.equal(await page.textContent('[data-testid="answer-intro"] strong'), 'how you leave your desk');

  const question = (n) => page.locator(`[data-testid="answer-question"][data-position="${n}"]`);
  await question(0).locator('[data-testid="answer-choice"][data-value="no"]').check();
  await page.click('[data-testid="answer-submit"]');
  await question(1).locator('[data-testid="answer-error"]').waitFor();
  assert.match(await question(1).locator('[data-testid="answer-error"]').innerText(), /needs an answer/);
  assert.equal(await question(0).locator('[data-testid="answer-error"]').count(), 0);
  assert.equal(await question(2).locator('[data-testid="answer-error"]').count(), 0, 'the free text is optional');
  await shot(page, 'questionnaire-answer');

  await question(1).locator('[data-testid="answer-choice"][data-value="Locked drawer"]').check();
  await question(2).locator('[data-testid="answer-text"]').fill('Hot desks make it hard.');
  await page.click('[data-testid="answer-submit"]');
  await toast(page, /^Submitted/);
  await page.waitForSelector('[data-testid="answer-submitted"]');
  assert.equal(await page.locator('[data-testid="answer-submit"]').count(), 0);
  assert.ok(await question(0).locator('[data-testid="answer-choice"][data-value="no"]').isChecked());

  await page.goto(`${BASE}/`);
  const done = page.locator(`[data-testid="my-questionnaire"][data-audit="${auditId}"][data-outstanding="false"]`);
  await done.waitFor();
  assert.match(await done.locator('[data-testid="my-questionnaire-standing"]').innerText(), /^Submitted /);
});

test('the editor sees the non-conforming answer, raises it as a finding and finds it under Findings', async (t) => {
  const page = await open(t, { width: 1360, height: 1200 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  const row = page.locator(`[data-testid="qn-response"][data-email="${CONTRIBUTOR}"]`);
  await row.waitFor();
  assert.equal(await page.textContent('[data-testid="qn-progress-submitted"]'), '100%');
  assert.equal(await page.textContent('[data-testid="qn-progress-nc"]'), '1');
  const flags = await row.locator('[data-testid="qn-answer"]').evaluateAll((cells) => cells.map((c) => c.dataset.conforming));
  assert.deepEqual(flags, ['no', 'yes', 'none']);
  const bad = row.locator('[data-testid="qn-answer"][data-conforming="no"]');
  assert.equal(await bad.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(253, 236, 234)', 'highlighted');
  assert.equal(await row.locator('[data-testid="qn-raise"]').count(), 1, 'only the non-conforming answer can be raised');

  const download = page.waitForEvent('download');
  await page.click('[data-testid="qn-export"]');
  assert.match((await download).suggestedFilename(), /\.csv$/);

  await bad.locator('[data-testid="qn-raise"]').click();
  await bad.locator('[data-testid="qn-raise-kind"]').selectOption({ label: 'Observation' });
  await bad.locator('[data-testid="qn-raise-confirm"]').click();
  await toast(page, /^Corrective action \d+ raised/);
  const link = bad.locator('[data-testid="qn-answer-finding"]');
  await link.waitFor();
  assert.match(await link.innerText(), /^Finding \d+ - Do you lock your screen when you leave your desk\? — answered "no"$/);
  const finding = page.locator('[data-testid="finding-row"]', { hasText: 'Do you lock your screen' });
  await finding.waitFor();
  assert.equal(await finding.locator('[data-testid="finding-kind"]').getAttribute('data-label'), 'Observation');
  const controls = await finding.locator('[data-testid="finding-control"]').evaluateAll((all) => all.map((c) => c.dataset.label));
  assert.deepEqual(controls, ['A.7.7']);
  assert.equal(await bad.locator('[data-testid="qn-raise"]').count(), 0, 'raised once');
  await shot(page, 'questionnaire-responses');
});

test('a viewer reads the questionnaire and its responses without any control that changes them', async (t) => {
  const page = await open(t, { width: 1360, height: 1000 });
  await signIn(page, 'viewer@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  await page.waitForSelector('[data-testid="questionnaire-card"][data-state="open"]');
  await page.waitForSelector(`[data-testid="qn-response"][data-email="${CONTRIBUTOR}"]`);
  assert.equal(await page.textContent('[data-testid="qn-title-text"]'), TITLE);
  for (const control of ['qn-save', 'qn-send', 'qn-close', 'qn-delete', 'qn-nudge', 'qn-raise', 'qn-add-question', 'qn-question-remove', 'pack-add-person', 'qn-answer-link']) {
    assert.equal(await page.locator(`[data-testid="${control}"]`).count(), 0, `no ${control}`);
  }
  assert.ok(await page.isDisabled('[data-testid="qn-question-text"] >> nth=0'), 'the questions are read-only');
});
