// Drives a real VS Code (code-server) in headless Chromium: installs the .vsix, opens a broken
// script, runs "gptfix: Smoke run", waits for the diagnostic, applies the preferred quick fix,
// saves, and reports what it saw as one JSON line on stdout. Exits non-zero with "FAIL: ..." otherwise.
//
// Environment: CODE_SERVER, DRIVER_MODULES (node_modules holding puppeteer-core), VSIX, WORKSPACE,
// SCRIPT (file name in WORKSPACE), GPTFIX_PYTHON (interpreter for the server), CHROMIUM,
// SCREENSHOT (png path), STATE_DIR (scratch folder for code-server's data), PORT.
// With ASK_REQUEST, ASK_LINE and BASE_URL (an OpenAI-compatible endpoint) it instead runs
// "gptfix: Ask AI to change this…" on that line, types the request into the input box, applies
// the previewed change and saves.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    fail(`missing environment variable ${name}`);
  }
  return value;
};
function fail(message) {
  process.stderr.write(`FAIL: ${message}\n`);
  process.exit(1);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const codeServer = env('CODE_SERVER');
const require = createRequire(path.join(path.resolve(env('DRIVER_MODULES')), 'x.js'));
const puppeteer = require('puppeteer-core');
const vsix = env('VSIX');
const workspace = env('WORKSPACE');
const scriptName = env('SCRIPT');
const state = env('STATE_DIR');
const port = Number(process.env.PORT || 18080);
const scriptPath = path.join(workspace, scriptName);
const original = readFileSync(scriptPath, 'utf8');

const dirs = {
  userData: path.join(state, 'user-data'),
  extensions: path.join(state, 'extensions'),
  xdgConfig: path.join(state, 'xdg-config'),
  xdgData: path.join(state, 'xdg-data'),
  browser: path.join(state, 'browser'),
};
for (const d of Object.values(dirs)) {
  mkdirSync(d, { recursive: true });
}
mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
writeFileSync(
  path.join(dirs.userData, 'User', 'settings.json'),
  JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'gptfix.interpreter': env('GPTFIX_PYTHON'),
    ...(process.env.BASE_URL ? { 'gptfix.baseUrl': process.env.BASE_URL, 'gptfix.model': 'fake-model' } : {}),
  }),
);
const childEnv = {
  ...process.env,
  XDG_CONFIG_HOME: dirs.xdgConfig,
  XDG_DATA_HOME: dirs.xdgData,
  HOME: state,
};

const install = spawnSync(
  codeServer,
  ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'],
  { env: childEnv, encoding: 'utf8', timeout: 120000 },
);
if (install.status !== 0) {
  fail(`installing the vsix: ${install.stderr || install.stdout}`);
}

const server = spawn(
  codeServer,
  [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', workspace,
  ],
  { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));

let browser;
const cleanup = async () => {
  try {
    await browser?.close();
  } catch {
    /* already gone */
  }
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
const timer = setTimeout(async () => {
  await cleanup();
  fail(`timed out; code-server log tail:\n${serverLog.slice(-2000)}`);
}, Number(process.env.E2E_TIMEOUT_MS || 240000));

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) {
        return;
      }
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  throw new Error(`code-server did not start:\n${serverLog.slice(-2000)}`);
}

// Quick open (Ctrl+P), type, wait until the list shows a row, pick it. A leading ">" runs a command.
async function quickOpen(page, text) {
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyP');
  await page.keyboard.up('Control');
  await page.waitForSelector('.quick-input-widget input', { visible: true });
  await page.keyboard.type(text, { delay: 5 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { visible: true, timeout: 30000 });
  await sleep(500);
  await page.keyboard.press('Enter');
}

async function palette(page, title) {
  await quickOpen(page, `>${title}`);
}

async function statusText(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.statusbar-item'))
      .map((e) => e.textContent || '')
      .filter((t) => t.includes('gptfix'))
      .join(' | '),
  );
}

async function waitFor(what, fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await fn();
    if (value) {
      return value;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const result = { steps: [] };

// "Ask AI to change this…" from the palette on ASK_LINE: input box, progress, preview, apply, save.
async function askScenario(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyG');
  await page.keyboard.up('Control');
  await page.waitForSelector('.quick-input-widget input', { visible: true });
  await page.keyboard.type(env('ASK_LINE'), { delay: 5 });
  await page.keyboard.press('Enter');
  await sleep(500);
  await palette(page, 'gptfix: Ask AI to change this');
  await waitFor('the request input box', async () => {
    const title = await page.evaluate(
      () => document.querySelector('.quick-input-widget .quick-input-title')?.textContent || '',
    );
    return title.includes('Ask AI');
  }, 30000);
  await page.keyboard.type(env('ASK_REQUEST'), { delay: 5 });
  await page.keyboard.press('Enter');
  result.steps.push('request typed');
  // the verified change needs confirmation: VS Code shows the refactor preview with "Apply"
  const apply = await waitFor('the change preview', async () => {
    const buttons = await page.$$('.monaco-button');
    for (const b of buttons) {
      const text = await b.evaluate((e) => e.textContent || '');
      if (text.trim() === 'Apply') {
        return b;
      }
    }
    return null;
  }, 200000);
  await page.screenshot({ path: env('SCREENSHOT').replace(/\.png$/, '-ask-preview.png') });
  // edits that need confirmation start unchecked: check the file (all its edits), then Apply
  const box = await page.$('.monaco-list-row [role="checkbox"][aria-checked="false"], .monaco-list-row .codicon-check');
  if (!box) {
    throw new Error('no checkbox in the change preview');
  }
  await box.click();
  await sleep(500);
  await apply.click();
  result.steps.push('change previewed and applied');
  await sleep(1500);
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyS');
  await page.keyboard.up('Control');
  await waitFor('the file to be saved', async () => readFileSync(scriptPath, 'utf8') !== original, 30000);
  result.steps.push('saved');
  result.notifications = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.notification-list-item-message')).map((e) => e.textContent || ''),
  );
}
try {
  await waitForServer();
  result.steps.push('code-server up');
  browser = await puppeteer.launch({
    executablePath: env('CHROMIUM'),
    headless: true,
    userDataDir: dirs.browser,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--window-size=1400,900',
    ],
    defaultViewport: { width: 1400, height: 900 },
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  await sleep(3000);
  result.steps.push('workbench loaded');

  await quickOpen(page, scriptName);
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
  result.steps.push('script opened');

  await waitFor('the gptfix status bar item', async () => (await statusText(page)).includes('gptfix'), 90000);
  result.steps.push('extension active');
  if (process.env.ASK_REQUEST) {
    await askScenario(page);
    result.ok = true;
  } else {
    await fixScenario(page);
  }
} catch (err) {
  result.ok = false;
  result.error = String(err && err.stack ? err.stack : err);
  try {
    const pages = browser ? await browser.pages() : [];
    if (pages.length) {
      await pages[pages.length - 1].screenshot({ path: env('SCREENSHOT').replace(/\.png$/, '-error.png') });
    }
  } catch {
    /* best effort */
  }
}
clearTimeout(timer);
await cleanup();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.ok ? 0 : 1);

// Smoke run, diagnostic, the verified quick fix applied and saved.
async function fixScenario(page) {

  await palette(page, 'gptfix: Smoke run');
  const failed = await waitFor(
    'a failed-at-line status',
    async () => {
      const t = await statusText(page);
      return /at line (\d+)/.test(t) ? t : null;
    },
    150000,
  );
  result.status = failed;
  result.line = Number(/at line (\d+)/.exec(failed)[1]);
  await waitFor('a squiggle', () => page.$('.squiggly-error'), 30000);
  result.steps.push('diagnostic shown');
  await page.screenshot({ path: env('SCREENSHOT') });

  // The lightbulb menu on the failing line, once its fix is verified (kept as a screenshot).
  try {
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyG');
    await page.keyboard.up('Control');
    await page.waitForSelector('.quick-input-widget input', { visible: true });
    await page.keyboard.type(String(result.line), { delay: 5 });
    await page.keyboard.press('Enter');
    await waitFor('a verified fix in the quick-fix menu', async () => {
      await page.keyboard.down('Control');
      await page.keyboard.press('Period');
      await page.keyboard.up('Control');
      await sleep(1500);
      const menu = await page.evaluate(
        () => document.querySelector('.action-widget')?.textContent || '',
      );
      if (menu.includes('verified')) {
        return true;
      }
      await page.keyboard.press('Escape');
      await sleep(3000);
      return false;
    }, 150000);
    await page.screenshot({ path: env('SCREENSHOT').replace(/\.png$/, '-quickfix.png') });
    await page.keyboard.press('Escape');
    result.steps.push('verified fix in the lightbulb menu');
  } catch (err) {
    result.menu_error = String(err);
  }

  // Fixes are verified in the background after the run; ask again until one is applied and saved.
  const save = async () => {
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyS');
    await page.keyboard.up('Control');
  };
  await waitFor('a verified quick fix to be applied and saved', async () => {
    await palette(page, 'gptfix: Apply preferred quick fix');
    await sleep(3000);
    await save();
    await sleep(1500);
    return readFileSync(scriptPath, 'utf8') !== original;
  }, 180000);
  result.steps.push('quick fix applied');
  result.steps.push('saved');
  await sleep(1000);
  await page.screenshot({ path: env('SCREENSHOT').replace(/\.png$/, '-fixed.png') });
  result.ok = true;
}
