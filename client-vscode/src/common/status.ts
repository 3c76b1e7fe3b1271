// The status bar item: run state (running / failed at line N / ok); clicking shows the output.
import * as vscode from 'vscode';
import { ClientCommands } from './constants';
import { RunState, statusText } from './runResult';

export class RunStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('gptfix.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'gptfix';
    this.item.command = ClientCommands.showOutput;
    this.set({ kind: 'idle' });
    this.item.show();
  }

  set(state: RunState): void {
    this.item.text = statusText(state);
    this.item.tooltip = state.kind === 'error' ? state.message : 'gptfix: show output';
  }

  dispose(): void {
    this.item.dispose();
  }
}
