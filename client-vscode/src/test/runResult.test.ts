import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { roundsSummary, stateFromResult, statusText } from '../common/runResult';

test('a failed run shows the error type and line in the status bar', () => {
  const state = stateFromResult({
    status: 'failed',
    exit_code: 1,
    failure: { type: 'ValueError', message: 'bad', location: { path: 'a.py', line: 42, column: 3 } },
    smoke: null,
  });
  assert.equal(statusText(state), '$(error) gptfix: ValueError at line 42');
});

test('a notebook failure shows the cell and its line', () => {
  const state = stateFromResult({
    status: 'failed',
    exit_code: 1,
    failure: {
      type: 'ValueError',
      message: 'bad',
      location: { path: 'nb.ipynb', line: 34, column: 5, cell: { number: 5, line: 3 } },
    },
  });
  assert.equal(statusText(state), '$(error) gptfix: ValueError at cell 5, line 3');
});

test('a successful run says ok, a timeout says so', () => {
  assert.match(statusText(stateFromResult({ status: 'succeeded', exit_code: 0, failure: null })), /ok$/);
  assert.match(statusText(stateFromResult({ status: 'timeout', exit_code: 124, failure: null })), /timed out/);
});

test('garbage from the server is an error state, not a crash', () => {
  assert.equal(stateFromResult(null).kind, 'error');
  assert.equal(stateFromResult({ status: 3 }).kind, 'error');
});

test('the fix-loop summary counts applied fixes', () => {
  const summary = roundsSummary({
    status: 'succeeded',
    exit_code: 0,
    failure: null,
    rounds: [
      { fix: 'a', origin: 'rule:x', verified: true, applied: true },
      { fix: 'b', origin: 'rule:y', verified: false, applied: false },
    ],
  });
  assert.equal(summary, 'fix loop: 2 round(s), 1 fix(es) applied; the script now runs');
});
