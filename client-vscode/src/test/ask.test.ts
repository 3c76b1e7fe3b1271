import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { askSummary, needsRequest, whereOf, withRequest } from '../common/ask';

const uri = 'file:///w/train.py';

test('the code action leaves the request out: the extension must ask for it', () => {
  assert.equal(needsRequest('gptfix.ask', [uri, { line: 12 }]), true);
  assert.equal(needsRequest('gptfix.ask', [uri, { line: 12, request: '  ' }]), true);
  assert.equal(needsRequest('gptfix.ask', [uri]), true);
  assert.equal(needsRequest('gptfix.ask', [uri, { line: 12, request: 'add dropout' }]), false);
  assert.equal(needsRequest('gptfix.run', [uri, {}]), false);
});

test('the request is added to the command; an empty or cancelled input sends nothing', () => {
  assert.deepEqual(withRequest([uri, { line: 3, endLine: 9 }], ' add an SE block '), [
    uri,
    { line: 3, endLine: 9, request: 'add an SE block' },
  ]);
  assert.equal(withRequest([uri, { line: 3 }], undefined), undefined);
  assert.equal(withRequest([uri, { line: 3 }], '   '), undefined);
});

test('a selection becomes a 1-based line range; a cursor a single line', () => {
  assert.deepEqual(whereOf(4, 4, true), { line: 5 });
  assert.deepEqual(whereOf(4, 10, false), { line: 5, endLine: 11 });
});

test('the summary says what was applied, or why nothing was', () => {
  const rounds = [
    { round: 1, prompt_tokens: 2100, completion_tokens: 90, problem: 'does not build' },
    { round: 2, prompt_tokens: 2300, completion_tokens: 150, problem: null },
  ];
  const ok = askSummary({ verified: true, applied: true, explanation: 'Adds an SE block', reason: null, rounds });
  assert.match(ok, /applied a verified change: Adds an SE block \(2 round\(s\), 4640 tokens\)/);
  const bad = askSummary({ verified: false, explanation: '', reason: 'it will not fit the GPU', rounds });
  assert.match(bad, /no verified change: it will not fit the GPU/);
  assert.match(askSummary(null), /no result/);
});
