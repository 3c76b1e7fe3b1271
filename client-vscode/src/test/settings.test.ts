import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULTS, needsRestart, readSettings } from '../common/settings';

const config = (values: Record<string, unknown>) => ({ get: <T>(k: string) => values[k] as T | undefined });

test('missing settings fall back to the defaults', () => {
  assert.deepEqual(readSettings(config({})), DEFAULTS);
});

test('user values win; mistyped values are ignored', () => {
  const s = readSettings(config({ smokeSteps: 5, model: 'llama3', runTimeout: 'soon', baseUrl: 'http://x/v1' }));
  assert.equal(s.smokeSteps, 5);
  assert.equal(s.model, 'llama3');
  assert.equal(s.runTimeout, DEFAULTS.runTimeout);
  assert.equal(s.baseUrl, 'http://x/v1');
});

test('only an interpreter change restarts the server', () => {
  assert.equal(needsRestart(DEFAULTS, { ...DEFAULTS, model: 'x' }), false);
  assert.equal(needsRestart(DEFAULTS, { ...DEFAULTS, interpreter: '/usr/bin/python3' }), true);
});

test('package.json declares every setting with the same default', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const props = pkg.contributes.configuration.properties;
  for (const [key, value] of Object.entries(DEFAULTS)) {
    assert.ok(props[`gptfix.${key}`], `gptfix.${key} missing from package.json`);
    assert.deepEqual(props[`gptfix.${key}`].default, value, `default of gptfix.${key}`);
  }
});
