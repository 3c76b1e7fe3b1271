// Which interpreter runs the server: gptfix.interpreter, else the Python extension's, else python3.
import { execFile } from 'child_process';
import * as path from 'path';

export interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: unknown): { path: string } | undefined;
  };
}

export interface InterpreterSources {
  setting: string | null;
  pythonExtension?: PythonExtensionApi;
  resource?: unknown;
}

/** The interpreter to use and where the choice came from. */
export function resolveInterpreter(src: InterpreterSources): { python: string; source: string } {
  if (src.setting && src.setting.trim()) {
    return { python: src.setting.trim(), source: 'setting gptfix.interpreter' };
  }
  const active = src.pythonExtension?.environments?.getActiveEnvironmentPath(src.resource);
  if (active && active.path) {
    return { python: active.path, source: 'the Python extension' };
  }
  return { python: 'python3', source: 'default python3' };
}

export interface ProbeResult {
  ok: boolean;
  version?: string;
  error?: string;
}

/** Does the interpreter exist and can it import gptfix? */
export function probeGptfix(python: string, timeoutMs = 20000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', 'import gptfix; print(gptfix.__version__)'],
      { timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err) {
          const missing = /No module named ['"]?gptfix/.test(stderr);
          resolve({ ok: false, error: missing ? 'gptfix is not installed' : (stderr || err.message).trim() });
        } else {
          resolve({ ok: true, version: stdout.trim() });
        }
      },
    );
  });
}

/** The pip arguments that install gptfix: the wheel bundled in the extension when present. */
export function installArgs(bundledWheels: string[]): string[] {
  const wheel = bundledWheels.filter((w) => w.endsWith('.whl')).sort().pop();
  return ['-m', 'pip', 'install', wheel ?? 'gptfix'];
}

export function bundledDir(extensionPath: string): string {
  return path.join(extensionPath, 'bundled');
}
