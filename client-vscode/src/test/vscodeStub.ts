// A stand-in for the `vscode` module in unit tests: only what the modules under test touch.
export const workspace = {
  getConfiguration: () => ({ get: () => undefined }),
};
export const window = {};
export const extensions = { getExtension: () => undefined };
