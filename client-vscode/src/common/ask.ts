// "Ask AI to change this…": the request is asked for in the editor, the work is the server's.
// Pure helpers (no `vscode` import) so the unit tests can drive them.

export const ASK_COMMAND = 'gptfix.ask';

export interface AskWhere {
  line?: number;
  endLine?: number;
  request?: string;
}

interface AskRound {
  round: number;
  prompt_tokens: number;
  completion_tokens: number;
  problem: string | null;
}

export interface AskJson {
  verified: boolean;
  applied?: boolean;
  explanation: string;
  reason: string | null;
  rounds: AskRound[];
}

/** Whether a `gptfix.ask` invocation still lacks its request (the code action leaves it out). */
export function needsRequest(command: string, args: unknown[]): boolean {
  if (command !== ASK_COMMAND) {
    return false;
  }
  const where = args[1];
  if (typeof where !== 'object' || where === null) {
    return true;
  }
  const request = (where as AskWhere).request;
  return typeof request !== 'string' || request.trim() === '';
}

/** The command's arguments with the user's request added; undefined when none was given. */
export function withRequest(args: unknown[], request: string | undefined): unknown[] | undefined {
  if (request === undefined || request.trim() === '') {
    return undefined;
  }
  const where = typeof args[1] === 'object' && args[1] !== null ? (args[1] as AskWhere) : {};
  return [args[0], { ...where, request: request.trim() }, ...args.slice(2)];
}

/** The selection (0-based editor lines) as the command's line range (1-based). */
export function whereOf(startLine: number, endLine: number, empty: boolean): AskWhere {
  const first = startLine + 1;
  const last = endLine + 1;
  return empty || last === first ? { line: first } : { line: first, endLine: last };
}

/** One line for the user about a finished request: what was applied, or why nothing was. */
export function askSummary(value: unknown): string {
  if (typeof value !== 'object' || value === null || !('rounds' in value)) {
    return 'gptfix: the server returned no result for the change request.';
  }
  const r = value as AskJson;
  const tokens = r.rounds.reduce((n, x) => n + x.prompt_tokens + x.completion_tokens, 0);
  const cost = `${r.rounds.length} round(s), ${tokens} tokens`;
  if (r.verified && r.applied) {
    return `gptfix: applied a verified change: ${r.explanation} (${cost}).`;
  }
  if (r.verified) {
    return `gptfix: a verified change was not applied: ${r.reason ?? 'the edit was declined'} (${cost}).`;
  }
  return `gptfix: no verified change: ${r.reason ?? 'no answer could be applied'} (${cost}).`;
}
