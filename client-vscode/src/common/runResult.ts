// Pure helpers over the JSON a run returns (the `gptfix run --json` schema).

export interface RunJson {
  status: 'succeeded' | 'failed' | 'timeout';
  exit_code: number;
  failure: null | {
    type: string;
    message: string;
    location: null | {
      path: string;
      line: number;
      column: number;
      /** in a notebook: the cell (1-based number among all cells) and its line */
      cell?: { number: number; line: number };
    };
  };
  rounds?: { fix: string; origin: string; verified: boolean; applied: boolean }[];
}

export type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; what: string }
  | { kind: 'ok' }
  | { kind: 'failed'; line: number | null; type: string; cell?: number }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

export function isRunJson(value: unknown): value is RunJson {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.status === 'string' && typeof v.exit_code === 'number';
}

export function stateFromResult(value: unknown): RunState {
  if (!isRunJson(value)) {
    return { kind: 'error', message: 'the server returned no run result' };
  }
  if (value.status === 'succeeded') {
    return { kind: 'ok' };
  }
  if (value.status === 'timeout') {
    return { kind: 'timeout' };
  }
  const failure = value.failure;
  const cell = failure?.location?.cell;
  return {
    kind: 'failed',
    line: cell ? cell.line : (failure?.location?.line ?? null),
    type: failure?.type ?? 'error',
    ...(cell ? { cell: cell.number } : {}),
  };
}

/** The status bar text for a state (codicons in $(...)). */
export function statusText(state: RunState): string {
  switch (state.kind) {
    case 'idle':
      return '$(beaker) gptfix';
    case 'running':
      return `$(sync~spin) gptfix: ${state.what}`;
    case 'ok':
      return '$(check) gptfix: ok';
    case 'timeout':
      return '$(clock) gptfix: timed out';
    case 'failed':
      if (state.line === null) {
        return `$(error) gptfix: ${state.type}`;
      }
      return state.cell !== undefined
        ? `$(error) gptfix: ${state.type} at cell ${state.cell}, line ${state.line}`
        : `$(error) gptfix: ${state.type} at line ${state.line}`;
    case 'error':
      return '$(warning) gptfix: server error';
  }
}

/** A one-line summary of a fix loop's rounds. */
export function roundsSummary(value: unknown): string {
  if (!isRunJson(value)) {
    return 'fix loop: no result';
  }
  const rounds = value.rounds ?? [];
  const applied = rounds.filter((r) => r.applied).length;
  const end = value.status === 'succeeded' ? 'the script now runs' : `still ${value.status}`;
  return `fix loop: ${rounds.length} round(s), ${applied} fix(es) applied; ${end}`;
}
