// Creates, starts and restarts the language client: `<python> -m gptfix lsp` over stdio.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { askSummary, needsRequest, withRequest } from './ask';
import { SECRET_KEY, SERVER_ID, SERVER_NAME } from './constants';
import * as log from './logging';
import { bundledDir, installArgs, probeGptfix, PythonExtensionApi, resolveInterpreter } from './python';
import { ISettings, readSettings } from './settings';
import { extensionApi, getConfiguration } from './vscodeapi';

export class ServerManager implements vscode.Disposable {
  client: LanguageClient | undefined;
  settings: ISettings = readSettings(getConfiguration('gptfix'));

  constructor(private readonly context: vscode.ExtensionContext) {}

  async interpreter(): Promise<{ python: string; source: string }> {
    let pythonExtension: PythonExtensionApi | undefined;
    const ext = extensionApi<PythonExtensionApi>('ms-python.python');
    if (ext) {
      try {
        pythonExtension = ext.isActive ? ext.exports : await ext.activate();
      } catch {
        pythonExtension = undefined;
      }
    }
    return resolveInterpreter({ setting: this.settings.interpreter, pythonExtension });
  }

  /** Start (or restart) the server; offers to install gptfix when the interpreter lacks it. */
  async start(): Promise<LanguageClient | undefined> {
    await this.stop();
    this.settings = readSettings(getConfiguration('gptfix'));
    const { python, source } = await this.interpreter();
    log.info(`interpreter: ${python} (${source})`);
    const probe = await probeGptfix(python);
    if (!probe.ok) {
      log.error(`${python}: ${probe.error}`);
      const installed = await this.offerInstall(python, probe.error ?? 'gptfix is not available');
      if (!installed) {
        return undefined;
      }
    } else {
      log.info(`gptfix ${probe.version} found`);
    }
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
    const key = await this.context.secrets.get(SECRET_KEY);
    if (key) {
      // Handed over in the server's environment: never in settings, never in a traced message.
      env.OPENAI_API_KEY = key;
    }
    const serverOptions: ServerOptions = {
      command: python,
      args: ['-m', 'gptfix', 'lsp'],
      transport: TransportKind.stdio,
      options: { env },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
      ],
      outputChannel: log.outputChannel(),
      traceOutputChannel: log.outputChannel(),
      // the project's own endpoint/interpreter are used only in a trusted workspace
      initializationOptions: { ...this.settings, trustProject: vscode.workspace.isTrusted },
      synchronize: { configurationSection: 'gptfix' },
      middleware: {
        // "Ask AI to change this…" arrives without its request: ask for it here.
        executeCommand: async (command, args, next) =>
          needsRequest(command, args) ? askWithInput(args, (filled) => next(command, filled)) : next(command, args),
      },
    };
    this.client = new LanguageClient(SERVER_ID, SERVER_NAME, serverOptions, clientOptions);
    await this.client.start();
    log.info('server started');
    return this.client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (err) {
        log.error(`stopping the server: ${String(err)}`);
      }
    }
  }

  private async offerInstall(python: string, reason: string): Promise<boolean> {
    const choice = await vscode.window.showErrorMessage(
      `gptfix: ${reason} in ${python}.`,
      'Install gptfix',
      'Choose interpreter',
    );
    if (choice === 'Choose interpreter') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'gptfix.interpreter');
      return false;
    }
    if (choice !== 'Install gptfix') {
      return false;
    }
    const dir = bundledDir(this.context.extensionPath);
    const wheels = fs.existsSync(dir) ? fs.readdirSync(dir).map((w) => `${dir}/${w}`) : [];
    const args = installArgs(wheels);
    const terminal = vscode.window.createTerminal({ name: 'gptfix install' });
    terminal.show();
    terminal.sendText([python, ...args].map((a) => JSON.stringify(a)).join(' '));
    const done = await vscode.window.showInformationMessage(
      'gptfix: installing in the terminal. Restart the server when pip has finished.',
      'Restart server',
    );
    return done === 'Restart server' && (await probeGptfix(python)).ok;
  }

  dispose(): void {
    void this.stop();
  }
}

/** Ask for the change request in an input box, then run the command with a progress notification. */
async function askWithInput(args: unknown[], send: (filled: unknown[]) => unknown): Promise<unknown> {
  const request = await vscode.window.showInputBox({
    title: 'gptfix: Ask AI to change this…',
    prompt: 'What should change? The change is built and smoke-run before it is offered.',
    placeHolder: 'add a squeeze-and-excitation block after the backbone',
    ignoreFocusOut: true,
  });
  const filled = withRequest(args, request);
  if (!filled) {
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'gptfix: asking the AI for a change…' },
    async () => send(filled),
  );
  const message = askSummary(result);
  const verified = typeof result === 'object' && result !== null && (result as { verified?: boolean }).verified;
  void (verified ? vscode.window.showInformationMessage(message) : vscode.window.showWarningMessage(message));
  log.info(message);
  return result;
}
