import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { installArgs, probeGptfix, resolveInterpreter } from '../common/python';

test('the gptfix.interpreter setting wins over the Python extension', () => {
  const ext = { environments: { getActiveEnvironmentPath: () => ({ path: '/venv/bin/python' }) } };
  assert.deepEqual(resolveInterpreter({ setting: '/opt/py/bin/python', pythonExtension: ext }).python, '/opt/py/bin/python');
  assert.equal(resolveInterpreter({ setting: null, pythonExtension: ext }).python, '/venv/bin/python');
  assert.equal(resolveInterpreter({ setting: '  ' }).python, 'python3');
});

test('install uses the bundled wheel when the extension ships one', () => {
  assert.deepEqual(installArgs(['/ext/bundled/gptfix-0.1.0-py3-none-any.whl']), [
    '-m', 'pip', 'install', '/ext/bundled/gptfix-0.1.0-py3-none-any.whl',
  ]);
  assert.deepEqual(installArgs([]), ['-m', 'pip', 'install', 'gptfix']);
});

test('a missing interpreter is reported, not thrown', async () => {
  const probe = await probeGptfix('/nonexistent/python3');
  assert.equal(probe.ok, false);
  assert.ok(probe.error && probe.error.length > 0);
});

test('an interpreter without gptfix says gptfix is not installed', async (t) => {
  if (!existsSync('/usr/bin/python3')) {
    t.skip('no system python3 to probe');
    return;
  }
  const probe = await probeGptfix('/usr/bin/python3');
  if (probe.ok) {
    t.skip('the system python3 has gptfix installed');
    return;
  }
  assert.match(probe.error ?? '', /gptfix is not installed/);
});
