// The extension's output channel; everything the extension reports goes here, never secrets.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function outputChannel(): vscode.LogOutputChannel {
  if (!channel) {
    channel = vscode.window.createOutputChannel('gptfix', { log: true });
  }
  return channel;
}

export function info(message: string): void {
  outputChannel().info(message);
}

export function error(message: string): void {
  outputChannel().error(message);
}
