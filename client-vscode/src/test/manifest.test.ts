import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ClientCommands, ServerCommands } from '../common/constants';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('every palette command the extension registers is contributed, and vice versa', () => {
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const registered = new Set(Object.values(ClientCommands));
  assert.deepEqual([...contributed].sort(), [...registered].sort());
});

test('menus only name contributed commands', () => {
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const entries of Object.values(pkg.contributes.menus) as { command: string }[][]) {
    for (const e of entries) {
      assert.ok(contributed.has(e.command), e.command);
    }
  }
});

test('no contributed command reuses a server command id (the language client registers those)', () => {
  // ServerCommands is checked against the server's command table by tests/lsp/test_command_table.py
  const serverIds: string[] = Object.values(ServerCommands);
  for (const c of pkg.contributes.commands) {
    assert.ok(!serverIds.includes(c.command), c.command);
  }
});
