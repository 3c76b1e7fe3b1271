// Ids shared by the extension's modules. Server command ids are the server's contract.
export const EXTENSION_ID = 'gptfix.gptfix';
export const SERVER_ID = 'gptfix';
export const SERVER_NAME = 'gptfix';
export const SECRET_KEY = 'gptfix.openaiApiKey';

/** Commands the language server executes (registered in VS Code by the language client). */
export const ServerCommands = {
  run: 'gptfix.run',
  loadLog: 'gptfix.loadLog',
  fixLoop: 'gptfix.fixLoop',
  applyRecipe: 'gptfix.applyRecipe',
  listRecipes: 'gptfix.listRecipes',
  fixWithAI: 'gptfix.fixWithAI',
  showContext: 'gptfix.showContext',
  setApiKey: 'gptfix.setApiKey',
  ask: 'gptfix.ask',
} as const;

/** Palette commands owned by the extension (distinct ids: the client registers the server's). */
export const ClientCommands = {
  run: 'gptfix.client.run',
  smokeRun: 'gptfix.client.smokeRun',
  fixLoop: 'gptfix.client.fixLoop',
  loadLog: 'gptfix.client.loadLog',
  applyRecipe: 'gptfix.client.applyRecipe',
  showContext: 'gptfix.client.showContext',
  applyPreferredFix: 'gptfix.client.applyPreferredFix',
  setApiKey: 'gptfix.client.setApiKey',
  restart: 'gptfix.client.restart',
  showOutput: 'gptfix.client.showOutput',
  ask: 'gptfix.client.ask',
} as const;
