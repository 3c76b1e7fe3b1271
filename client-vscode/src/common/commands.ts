// Palette commands: each asks the server to do the work (the server's executeCommand contract).
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { whereOf } from './ask';
import { ClientCommands, SECRET_KEY, ServerCommands } from './constants';
import * as log from './logging';
import { roundsSummary, stateFromResult } from './runResult';
import { ServerManager } from './server';
import { RunStatus } from './status';
import { activeEditor } from './vscodeapi';

interface RecipeOption {
  name: string;
  default?: string | null;
  choices?: string[];
  help?: string;
}
interface RecipeInfo {
  id: string;
  title: string;
  where?: string;
  options?: RecipeOption[];
}

export function registerCommands(
  context: vscode.ExtensionContext,
  servers: ServerManager,
  status: RunStatus,
): void {
  const execute = async (command: string, args: unknown[]): Promise<unknown> => {
    const client = servers.client ?? (await servers.start());
    if (!client) {
      throw new Error('the gptfix server is not running');
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  };

  const pythonEditor = async (): Promise<vscode.TextEditor | undefined> => {
    const editor = activeEditor();
    if (!editor || editor.document.languageId !== 'python') {
      void vscode.window.showWarningMessage('gptfix: open a Python training script first.');
      return undefined;
    }
    if (editor.document.isDirty) {
      await editor.document.save();
    }
    return editor;
  };

  const guarded = (what: string, body: () => Promise<void>) => async () => {
    try {
      await body();
    } catch (err) {
      status.set({ kind: 'error', message: String(err) });
      log.error(`${what}: ${String(err)}`);
      void vscode.window.showErrorMessage(`gptfix: ${what} failed: ${String(err)}`);
    }
  };

  const run = (smoke: boolean) =>
    guarded(smoke ? 'smoke run' : 'run', async () => {
      const editor = await pythonEditor();
      if (!editor) {
        return;
      }
      status.set({ kind: 'running', what: smoke ? 'smoke run' : 'run' });
      const result = await execute(ServerCommands.run, [editor.document.uri.toString(), { smoke }]);
      const state = stateFromResult(result);
      status.set(state);
      if (state.kind === 'failed') {
        log.info(`run failed: ${state.type} at line ${state.line ?? '?'}`);
      }
    });

  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg(ClientCommands.run, run(false));
  reg(ClientCommands.smokeRun, run(true));

  reg(
    ClientCommands.fixLoop,
    guarded('fix loop', async () => {
      const editor = await pythonEditor();
      if (!editor) {
        return;
      }
      status.set({ kind: 'running', what: 'fix loop' });
      const result = await execute(ServerCommands.fixLoop, [
        editor.document.uri.toString(),
        { maxRounds: servers.settings.maxRounds },
      ]);
      status.set(stateFromResult(result));
      void vscode.window.showInformationMessage(`gptfix: ${roundsSummary(result)}`);
    }),
  );

  reg(
    ClientCommands.loadLog,
    guarded('load log', async () => {
      const editor = await pythonEditor();
      if (!editor) {
        return;
      }
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Load log',
        filters: { Logs: ['log', 'txt', 'out', 'json'], 'All files': ['*'] },
      });
      if (!picked || picked.length === 0) {
        return;
      }
      const result = await execute(ServerCommands.loadLog, [
        editor.document.uri.toString(),
        { path: picked[0].fsPath },
      ]);
      status.set(stateFromResult(result));
    }),
  );

  reg(
    ClientCommands.applyRecipe,
    guarded('apply recipe', async () => {
      const editor = await pythonEditor();
      if (!editor) {
        return;
      }
      const uri = editor.document.uri.toString();
      const recipes = ((await execute(ServerCommands.listRecipes, [uri])) ?? []) as RecipeInfo[];
      if (recipes.length === 0) {
        void vscode.window.showInformationMessage('gptfix: no recipe applies to this script.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        recipes.map((r) => ({ label: r.title, description: r.id, detail: r.where, recipe: r })),
        { placeHolder: 'Recipe to apply' },
      );
      if (!pick) {
        return;
      }
      const options: Record<string, string> = {};
      for (const opt of pick.recipe.options ?? []) {
        const value = opt.choices && opt.choices.length > 0
          ? await vscode.window.showQuickPick(opt.choices, { placeHolder: `${opt.name}${opt.help ? ` — ${opt.help}` : ''}` })
          : await vscode.window.showInputBox({ prompt: opt.help ?? opt.name, value: opt.default ?? '' });
        if (value === undefined) {
          return;
        }
        if (value !== '') {
          options[opt.name] = value;
        }
      }
      await execute(ServerCommands.applyRecipe, [uri, pick.recipe.id, options]);
    }),
  );

  reg(
    ClientCommands.showContext,
    guarded('show AI context', async () => {
      const editor = await pythonEditor();
      if (!editor) {
        return;
      }
      const diagnostic = gptfixDiagnostic(editor);
      if (!diagnostic) {
        void vscode.window.showInformationMessage('gptfix: run the script first; there is no gptfix diagnostic here.');
        return;
      }
      const result = await execute(ServerCommands.showContext, [editor.document.uri.toString(), toLsp(diagnostic)]);
      const text = typeof result === 'string' ? result : JSON.stringify(result, null, 2);
      const doc = await vscode.workspace.openTextDocument({ content: text, language: 'markdown' });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  );

  reg(
    ClientCommands.applyPreferredFix,
    guarded('apply quick fix', async () => {
      const editor = activeEditor();
      if (!editor) {
        return;
      }
      const diagnostic = gptfixDiagnostic(editor);
      if (!diagnostic) {
        void vscode.window.showInformationMessage('gptfix: no gptfix diagnostic in this file.');
        return;
      }
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          editor.document.uri,
          diagnostic.range,
          vscode.CodeActionKind.QuickFix.value,
          100, // resolve every listed action, so the preferred one carries its edit
        )) ?? [];
      const ours = actions.filter((a) => a.title.startsWith('gptfix'));
      // Only a verified, safe fix is preferred; anything else is left to the lightbulb menu.
      const action = ours.find((a) => a.isPreferred);
      if (!action) {
        void vscode.window.showInformationMessage(
          ours.length > 0
            ? 'gptfix: no verified fix yet (fixes are verified in the background); see the lightbulb.'
            : 'gptfix: no quick fix for this diagnostic.',
        );
        return;
      }
      log.info(`applying: ${action.title}`);
      if (action.edit) {
        await vscode.workspace.applyEdit(action.edit);
      }
      if (action.command) {
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      }
    }),
  );

  reg(
    ClientCommands.setApiKey,
    guarded('set API key', async () => {
      const key = await vscode.window.showInputBox({
        prompt: 'API key for the OpenAI-compatible endpoint (kept in VS Code secret storage)',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) {
        return;
      }
      if (key === '') {
        await context.secrets.delete(SECRET_KEY);
      } else {
        await context.secrets.store(SECRET_KEY, key);
      }
      log.info(key === '' ? 'API key removed' : 'API key stored; restarting the server');
      await servers.start();
    }),
  );

  reg(
    ClientCommands.ask,
    guarded('ask AI', async () => {
      const editor = activeEditor();
      if (!editor || editor.document.languageId !== 'python') {
        void vscode.window.showWarningMessage('gptfix: open a Python training script first.');
        return;
      }
      const sel = editor.selection;
      const where = whereOf(sel.start.line, sel.end.line, sel.isEmpty);
      // through the language client's command, so the request is asked for (server.ts middleware)
      await vscode.commands.executeCommand(ServerCommands.ask, editor.document.uri.toString(), where);
    }),
  );

  reg(ClientCommands.restart, guarded('restart', async () => void (await servers.start())));
  reg(ClientCommands.showOutput, () => log.outputChannel().show());
}

/** The gptfix diagnostic under the cursor, else the first one in the file. */
function gptfixDiagnostic(editor: vscode.TextEditor): vscode.Diagnostic | undefined {
  const all = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'gptfix');
  const here = all.find((d) => d.range.contains(editor.selection.active));
  return here ?? all[0];
}

function toLsp(d: vscode.Diagnostic): unknown {
  const pos = (p: vscode.Position) => ({ line: p.line, character: p.character });
  return {
    range: { start: pos(d.range.start), end: pos(d.range.end) },
    message: d.message,
    severity: 1,
    source: d.source,
    code: typeof d.code === 'object' ? d.code.value : d.code,
  };
}
