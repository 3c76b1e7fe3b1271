// Entry point: activate/deactivate only. All logic lives in the gptfix language server.
import * as vscode from 'vscode';
import { registerCommands } from './common/commands';
import * as log from './common/logging';
import { ServerManager } from './common/server';
import { needsRestart, readSettings } from './common/settings';
import { RunStatus } from './common/status';
import { getConfiguration } from './common/vscodeapi';

let servers: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log.info('gptfix activating');
  servers = new ServerManager(context);
  const status = new RunStatus();
  context.subscriptions.push(servers, status, log.outputChannel());
  registerCommands(context, servers, status);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!servers || !e.affectsConfiguration('gptfix')) {
        return;
      }
      const after = readSettings(getConfiguration('gptfix'));
      if (needsRestart(servers.settings, after)) {
        await servers.start();
      }
      servers.settings = after;
    }),
  );
  await servers.start();
}

export async function deactivate(): Promise<void> {
  await servers?.stop();
}
