// The only module that touches the vscode API for reads (thin wrappers, stubbed in unit tests).
import * as vscode from 'vscode';

export interface ConfigurationLike {
  get<T>(key: string): T | undefined;
}

export function getConfiguration(section: string, scope?: vscode.Uri): ConfigurationLike {
  return vscode.workspace.getConfiguration(section, scope);
}

export function activeEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor;
}

export function extensionApi<T>(id: string): vscode.Extension<T> | undefined {
  return vscode.extensions.getExtension<T>(id);
}
