// Reads the gptfix.* settings; mirrors gptfix.settings.Settings on the server (a test checks the defaults).
import type { ConfigurationLike } from './vscodeapi';

export interface ISettings {
  interpreter: string | null;
  smokeSteps: number;
  runTimeout: number;
  model: string;
  baseUrl: string | null;
  tokenBudget: number;
  maxRounds: number;
}

export const DEFAULTS: ISettings = {
  interpreter: null,
  smokeSteps: 2,
  runTimeout: 600,
  model: 'gpt-4o-mini',
  baseUrl: null,
  tokenBudget: 6000,
  maxRounds: 3,
};

const KEYS = Object.keys(DEFAULTS) as (keyof ISettings)[];

/** Settings from a configuration section, falling back to the defaults for missing or mistyped values. */
export function readSettings(config: ConfigurationLike): ISettings {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const key of KEYS) {
    const value = config.get<unknown>(key);
    const fallback = DEFAULTS[key];
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (typeof fallback === 'number') {
      if (typeof value === 'number' && Number.isFinite(value)) {
        out[key] = value;
      }
    } else if (typeof value === 'string') {
      out[key] = value;
    }
  }
  return out as unknown as ISettings;
}

/** The keys whose change needs a server restart (the interpreter runs the server). */
export function needsRestart(before: ISettings, after: ISettings): boolean {
  return before.interpreter !== after.interpreter;
}
