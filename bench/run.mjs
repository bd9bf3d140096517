#!/usr/bin/env node
// @ts-check
/**
 * Bench runner: measures each scenario of bench/scenarios.mjs with autocannon, first against a bare
 * node:http baseline that replays the app's own response, then against the app, and reports
 * req/s, p50/p99 latency, non-2xx and the app/baseline req/s ratio.
 *
 * Usage (build first: npx nest build monolith):
 *   node bench/run.mjs                          start dist/apps/monolith/.../main.js itself
 *   node bench/run.mjs --url http://127.0.0.1:3000   drive a running server (loopback only)
 * Options:
 *   --connections N   concurrent connections (default 50, 1..1000)
 *   --duration S      seconds per measured run (default 10, 1..300)
 *   --warmup S        unmeasured warm-up seconds before each run (default 1, 0..60)
 *   --scenario NAME   run only this scenario (repeatable)
 *   --app NAME        app to start from dist/apps/NAME/apps/NAME/src/main.js (default monolith)
 *   --ready-timeout S seconds to wait for /health/ready = 200 (default 60)
 *   --show-app-logs   stream the started app's stdout/stderr (otherwise shown only on failure)
 *   --no-pin          do not pin CPUs (by default, with taskset and 2+ cores, every server under
 *                     test, app or baseline, runs on core 0 and this load generator on core 1, so
 *                     the two compete for one core each instead of for both)
 * Output: a table on stdout and bench/results/latest.json.
 * Exit code: 0 ok; 1 a scenario failed (connection errors, timeouts or an unexpected status);
 * 2 bad arguments; 3 the app did not start or become ready; 130/143 interrupted.
 * The started app gets PORT=<free port below 32768> HOST=127.0.0.1 DATA_DIR=memory LOG_LEVEL=warn
 * and a unique KEY_PREFIX; any other variable (e.g. REDIS_URL) is inherited from this shell.
 */
import autocannon from 'autocannon';
import { fork, spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { isIPv4 } from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFreePort } from './lib/ports.mjs';
import { scenarios as allScenarios } from './scenarios.mjs';

/** @typedef {import('./scenarios.mjs').Scenario} Scenario */
/** @typedef {import('./scenarios.mjs').ScenarioRequest} ScenarioRequest */
/** @typedef {import('./lib/baseline-server.mjs').BaselineResponse} BaselineResponse */
/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/**
 * @typedef {object} RunMetrics
 * @property {string} url
 * @property {number} requestsPerSec     mean of the per-second samples
 * @property {number} requestsTotal
 * @property {number} latencyAvgMs
 * @property {number} latencyP50Ms
 * @property {number} latencyP99Ms
 * @property {number} latencyMaxMs
 * @property {number} non2xx
 * @property {number} unexpectedStatus   responses whose status is not the scenario's expectedStatus
 * @property {number} errors             connection errors, timeouts included
 * @property {number} timeouts
 * @property {Record<string, number>} statusCodes
 * @property {number} throughputBytesPerSec
 * @property {number} durationSec
 */

/**
 * @typedef {object} ScenarioResult
 * @property {string} name
 * @property {string} method
 * @property {string} path
 * @property {number} expectedStatus
 * @property {RunMetrics | null} baseline
 * @property {RunMetrics | null} app
 * @property {number | null} ratio      app req/s divided by baseline req/s
 * @property {boolean} ok
 * @property {string[]} failures
 */

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'latest.json');
const EXIT = { ok: 0, failed: 1, usage: 2, appStart: 3 };

// ---------------------------------------------------------------------------------------------
// Arguments

/** @returns {{ url: string | undefined, connections: number, duration: number, warmup: number, scenarioNames: string[], app: string, readyTimeout: number, showAppLogs: boolean, pin: boolean }} */
function parseOptions() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '1' },
      scenario: { type: 'string', multiple: true },
      app: { type: 'string', default: 'monolith' },
      'ready-timeout': { type: 'string', default: '60' },
      'show-app-logs': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log('usage: node bench/run.mjs [--url http://127.0.0.1:PORT] [--connections 50] [--duration 10]\n' +
      '       [--warmup 1] [--scenario NAME]... [--app monolith] [--ready-timeout 60] [--show-app-logs]\n' +
      `scenarios: ${allScenarios.map((s) => s.name).join(', ')}`);
    process.exit(EXIT.ok);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(values.app)) throw new UsageError(`--app: not an app name: ${values.app}`);
  return {
    url: values.url,
    connections: int('--connections', values.connections, 1, 1000),
    duration: int('--duration', values.duration, 1, 300),
    warmup: int('--warmup', values.warmup, 0, 60),
    scenarioNames: values.scenario ?? [],
    app: values.app,
    readyTimeout: int('--ready-timeout', values['ready-timeout'], 1, 600),
    showAppLogs: values['show-app-logs'],
    pin: !values['no-pin'] && canPin(),
  };
}

/** taskset exists and there are at least two cores to split between servers and load. */
function canPin() {
  return os.cpus().length >= 2 && spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Pins every thread of `pid` (threads started later inherit it) to one core. */
function pin(/** @type {number | undefined} */ pid, /** @type {number} */ core) {
  if (!PIN || pid === undefined) return;
  spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

let PIN = false;

class UsageError extends Error {}

/** @param {string} flag @param {string} raw @param {number} min @param {number} max */
function int(flag, raw, min, max) {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/**
 * Accepts only http URLs whose host is loopback (127.0.0.0/8, ::1, or a name resolving only to
 * those). Returns the origin.
 * @param {string} raw
 */
async function loopbackOrigin(raw) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:') throw new UsageError('--url: only http:// is supported');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLoopback = (/** @type {string} */ a) => (isIPv4(a) && a.startsWith('127.')) || a === '::1';
  let addresses = [host];
  if (!isIPv4(host) && host !== '::1') {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw new UsageError(`--url: cannot resolve ${host}`);
    }
  }
  if (addresses.length === 0 || !addresses.every(isLoopback)) {
    throw new UsageError(`--url: refusing non-loopback host ${url.hostname} (load tests only target 127.0.0.1)`);
  }
  return url.origin;
}

// ---------------------------------------------------------------------------------------------
// Child processes: every child is registered here and stopped on exit, failure and signals.

/** @type {Map<ChildProcess, { name: string, graceMs: number }>} */
const children = new Map();

/**
 * @param {ChildProcess} child
 * @param {number} graceMs  time between SIGTERM and SIGKILL
 * @returns {Promise<void>}
 */
function stopChild(child, graceMs) {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stopAllChildren() {
  await Promise.all([...children].map(([child, { graceMs }]) => stopChild(child, graceMs)));
}

/** @type {{ stop: () => void } | null} */
let currentLoad = null;
let stopping = false;

/** @param {NodeJS.Signals} signal */
function onSignal(signal) {
  if (stopping) {
    // Second signal: do not wait for graceful shutdown.
    for (const child of children.keys()) child.kill('SIGKILL');
    process.exit(128 + (os.constants.signals[signal] ?? 2));
  }
  stopping = true;
  console.error(`\n${signal}: stopping load and child processes...`);
  currentLoad?.stop();
  void stopAllChildren().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 2)));
}
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => onSignal(signal));
}
// Last resort if something throws past main(): synchronous kill, no waiting.
process.on('exit', () => {
  for (const child of children.keys()) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// HTTP helpers (node:http, so captured bodies are the exact bytes on the wire)

/**
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, timeoutMs?: number }} [init]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
function rawRequest(url, init = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, timeout: init.timeoutMs ?? 5000 }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${init.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Polls GET /health/ready until 200. Rejects on timeout or when `child` exits first.
 * @param {string} origin @param {number} timeoutSec @param {ChildProcess | null} child
 */
async function waitReady(origin, timeoutSec, child) {
  const deadline = Date.now() + timeoutSec * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`app exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await rawRequest(`${origin}/health/ready`, { timeoutMs: 2000 });
      if (res.status === 200) return;
      last = `status ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`;
    } catch (err) {
      last = /** @type {Error} */ (err).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${origin}/health/ready not 200 within ${timeoutSec} s (last: ${last})`);
}

// ---------------------------------------------------------------------------------------------
// App and baseline processes

/**
 * @param {{ app: string, readyTimeout: number, showAppLogs: boolean }} opts
 * @returns {Promise<{ origin: string, child: ChildProcess, logTail: () => string }>}
 */
async function startApp(opts) {
  const entry = join(ROOT, 'dist', 'apps', opts.app, 'apps', opts.app, 'src', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${relative(ROOT, entry)} not found: build first (npx nest build ${opts.app})`);
  }
  const port = await findFreePort();
  const keyPrefix = `bench_${Date.now().toString(36)}_${process.pid}`;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: 'memory', LOG_LEVEL: 'warn', KEY_PREFIX: keyPrefix };
  const child = spawn(process.execPath, ['--import', join(BENCH_DIR, 'lib', 'exit-with-parent.mjs'), entry], {
    cwd: ROOT,
    env,
    // stdin stays an open pipe: exit-with-parent.mjs stops the app if this runner dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this runner, which then stops the app
    // with one SIGTERM (instead of SIGINT and SIGTERM racing through its shutdown hooks).
    detached: true,
  });
  children.set(child, { name: opts.app, graceMs: 12_000 });
  pin(child.pid, 0);
  /** @type {string[]} */
  const tail = [];
  const collect = (/** @type {Buffer} */ chunk) => {
    const text = chunk.toString('utf8');
    if (opts.showAppLogs) process.stderr.write(text.replace(/^(?=.)/gm, `[${opts.app}] `));
    tail.push(...text.split('\n').filter(Boolean));
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const origin = `http://127.0.0.1:${port}`;
  console.error(`starting ${relative(ROOT, entry)} on ${origin} (KEY_PREFIX=${keyPrefix})`);
  const started = Date.now();
  try {
    await waitReady(origin, opts.readyTimeout, child);
  } catch (err) {
    await stopChild(child, 12_000);
    throw new Error(`${/** @type {Error} */ (err).message}\n--- last lines of app output ---\n${tail.join('\n') || '(none)'}`);
  }
  console.error(`app ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { origin, child, logTail: () => tail.join('\n') };
}

/**
 * @param {BaselineResponse} response
 * @returns {Promise<{ origin: string, child: ChildProcess }>}
 */
function startBaseline(response) {
  const child = fork(join(BENCH_DIR, 'lib', 'baseline-server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
  children.set(child, { name: 'baseline', graceMs: 2000 });
  pin(child.pid, 0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('baseline server did not start within 10 s')), 10_000);
    child.once('message', (msg) => {
      clearTimeout(timer);
      const port = /** @type {{ port?: unknown }} */ (msg).port;
      if (typeof port !== 'number') return reject(new Error(`baseline server: unexpected message ${JSON.stringify(msg)}`));
      resolve({ origin: `http://127.0.0.1:${port}`, child });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baseline server exited with code ${code}`));
    });
    child.send(response);
  });
}

// Headers that describe the connection or the framing, not the response: the baseline sets its own.
const NOT_REPLAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

// ---------------------------------------------------------------------------------------------
// Load

/**
 * @param {Scenario} scenario
 * @param {string} origin
 * @returns {Promise<ScenarioRequest>}
 */
async function buildRequest(scenario, origin) {
  const setup = scenario.setup ? await scenario.setup({ baseUrl: origin }) : {};
  /** @type {Record<string, string>} */
  const headers = { ...scenario.headers, ...setup.headers };
  const rawBody = setup.body !== undefined ? setup.body : scenario.body;
  /** @type {string | undefined} */
  let body;
  if (typeof rawBody === 'string') body = rawBody;
  else if (rawBody !== undefined) {
    body = JSON.stringify(rawBody);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  return { method: scenario.method, path: scenario.path, headers, body };
}

/**
 * @param {ScenarioRequest} request
 * @param {Scenario} scenario
 */
function perRequestCopy(request, scenario) {
  const fresh = { ...request, headers: { ...request.headers } };
  return scenario.perRequest ? scenario.perRequest(fresh) : fresh;
}

/**
 * @param {string} origin
 * @param {ScenarioRequest} request
 * @param {Scenario} scenario
 * @param {{ connections: number, duration: number }} load
 * @returns {Promise<RunMetrics>}
 */
function runLoad(origin, request, scenario, load) {
  return new Promise((resolve, reject) => {
    /** @type {autocannon.Request} */
    const acRequest = {
      method: /** @type {autocannon.Request['method']} */ (request.method),
      path: request.path,
      headers: request.headers,
      body: request.body,
    };
    if (scenario.perRequest) {
      acRequest.setupRequest = (req) => {
        const next = perRequestCopy(request, scenario);
        return { ...req, method: /** @type {autocannon.Request['method']} */ (next.method), path: next.path, headers: next.headers, body: next.body };
      };
    }
    const instance = autocannon(
      { url: origin, connections: load.connections, duration: load.duration, requests: [acRequest] },
      (err, result) => {
        clearTimeout(watchdog);
        currentLoad = null;
        if (err) return reject(err);
        /** @type {Record<string, number>} */
        const statusCodes = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
        const unexpectedStatus = Object.entries(statusCodes)
          .filter(([code]) => Number(code) !== scenario.expectedStatus)
          .reduce((sum, [, n]) => sum + n, 0);
        resolve({
          url: origin + request.path,
          requestsPerSec: round(result.requests.average),
          requestsTotal: result.requests.total,
          latencyAvgMs: round(result.latency.average),
          latencyP50Ms: round(result.latency.p50),
          latencyP99Ms: round(result.latency.p99),
          latencyMaxMs: round(result.latency.max),
          non2xx: result.non2xx,
          unexpectedStatus,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          throughputBytesPerSec: round(result.throughput.average),
          durationSec: result.duration,
        });
      },
    );
    currentLoad = instance;
    // autocannon stops by itself after `duration`; this only guards against a hung run.
    const watchdog = setTimeout(() => instance.stop(), (load.duration + 30) * 1000);
  });
}

/** @param {number} n */
function round(n) {
  return Math.round(n * 100) / 100;
}

/**
 * @param {string} origin
 * @param {ScenarioRequest} request
 * @param {Scenario} scenario
 * @param {{ connections: number, duration: number, warmup: number }} opts
 * @param {string} label
 */
async function measure(origin, request, scenario, opts, label) {
  if (opts.warmup > 0) {
    console.error(`  ${scenario.name}: ${label} warm-up ${opts.warmup} s`);
    await runLoad(origin, request, scenario, { connections: opts.connections, duration: opts.warmup });
  }
  console.error(`  ${scenario.name}: ${label} ${opts.duration} s x ${opts.connections} connections`);
  return runLoad(origin, request, scenario, opts);
}

/**
 * @param {Scenario} scenario
 * @param {string} appOrigin
 * @param {{ connections: number, duration: number, warmup: number }} opts
 * @returns {Promise<ScenarioResult>}
 */
async function runScenario(scenario, appOrigin, opts) {
  /** @type {ScenarioResult} */
  const result = {
    name: scenario.name, method: scenario.method, path: scenario.path, expectedStatus: scenario.expectedStatus,
    baseline: null, app: null, ratio: null, ok: false, failures: [],
  };
  const request = await buildRequest(scenario, appOrigin);

  // Capture the app's response once; the baseline replays it byte for byte.
  const sample = perRequestCopy(request, scenario);
  const captured = await rawRequest(appOrigin + sample.path, { method: sample.method, headers: sample.headers, body: sample.body });
  if (captured.status !== scenario.expectedStatus) {
    result.failures.push(`capture: expected ${scenario.expectedStatus}, got ${captured.status}: ${captured.body.toString('utf8').slice(0, 300)}`);
    return result;
  }
  /** @type {Record<string, string | string[]>} */
  const headers = {};
  for (const [name, value] of Object.entries(captured.headers)) {
    if (value !== undefined && !NOT_REPLAYED.has(name)) headers[name] = value;
  }
  const baseline = await startBaseline({ status: captured.status, headers, body: captured.body.toString('base64') });
  try {
    result.baseline = await measure(baseline.origin, request, scenario, opts, 'baseline');
  } finally {
    await stopChild(baseline.child, 2000);
  }
  result.app = await measure(appOrigin, request, scenario, opts, 'app');
  result.ratio = result.baseline.requestsPerSec > 0 ? round(result.app.requestsPerSec / result.baseline.requestsPerSec) : null;

  for (const [label, m] of /** @type {const} */ ([['baseline', result.baseline], ['app', result.app]])) {
    if (m.errors > 0) result.failures.push(`${label}: ${m.errors} connection errors (${m.timeouts} timeouts)`);
    if (m.unexpectedStatus > 0) result.failures.push(`${label}: ${m.unexpectedStatus} responses other than ${scenario.expectedStatus} ${JSON.stringify(m.statusCodes)}`);
    if (m.requestsTotal === 0) result.failures.push(`${label}: no responses`);
  }
  result.ok = result.failures.length === 0;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

/** @param {ScenarioResult[]} results */
function printTable(results) {
  const header = ['scenario', 'app req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'base req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'app/base', 'result'];
  const fmt = (/** @type {number | undefined} */ n) => (n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  const rows = results.map((r) => [
    r.name,
    fmt(r.app?.requestsPerSec), fmt(r.app?.latencyP50Ms), fmt(r.app?.latencyP99Ms), fmt(r.app?.non2xx),
    fmt(r.baseline?.requestsPerSec), fmt(r.baseline?.latencyP50Ms), fmt(r.baseline?.latencyP99Ms), fmt(r.baseline?.non2xx),
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    r.ok ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const groups = ' '.repeat(widths[0]) + '  ' + '-- app '.padEnd(widths.slice(1, 5).reduce((a, b) => a + b + 2, -2), '-') +
    '  ' + '-- baseline (node:http) '.padEnd(widths.slice(5, 9).reduce((a, b) => a + b + 2, -2), '-');
  console.log(['', groups, line(header), ...rows.map(line)].join('\n'));
  for (const r of results) for (const f of r.failures) console.log(`${r.name}: ${f}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  /** @type {ReturnType<typeof parseOptions>} */
  let opts;
  /** @type {Scenario[]} */
  let selected;
  /** @type {string | undefined} */
  let urlOrigin;
  try {
    opts = parseOptions();
    const unknown = opts.scenarioNames.filter((n) => !allScenarios.some((s) => s.name === n));
    if (unknown.length) throw new UsageError(`--scenario: unknown ${unknown.join(', ')} (known: ${allScenarios.map((s) => s.name).join(', ')})`);
    selected = opts.scenarioNames.length ? allScenarios.filter((s) => opts.scenarioNames.includes(s.name)) : allScenarios;
    if (opts.url !== undefined) urlOrigin = await loopbackOrigin(opts.url);
  } catch (err) {
    console.error(/** @type {Error} */ (err).message);
    return err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) ? EXIT.usage : EXIT.failed;
  }

  PIN = opts.pin;
  pin(process.pid, 1);
  console.log(PIN ? 'pinned: servers under test on core 0, load generator on core 1' : 'not pinned: servers and load generator share all cores');
  const startedAt = new Date();
  /** @type {string} */
  let appOrigin;
  /** @type {Awaited<ReturnType<typeof startApp>> | null} */
  let app = null;
  try {
    if (urlOrigin !== undefined) {
      appOrigin = urlOrigin;
      await waitReady(appOrigin, opts.readyTimeout, null);
    } else {
      app = await startApp(opts);
      appOrigin = app.origin;
    }
  } catch (err) {
    console.error(`app failed to start: ${/** @type {Error} */ (err).message}`);
    await stopAllChildren();
    return EXIT.appStart;
  }

  /** @type {ScenarioResult[]} */
  const results = [];
  try {
    for (const scenario of selected) {
      if (stopping) break;
      try {
        results.push(await runScenario(scenario, appOrigin, opts));
      } catch (err) {
        results.push({
          name: scenario.name, method: scenario.method, path: scenario.path, expectedStatus: scenario.expectedStatus,
          baseline: null, app: null, ratio: null, ok: false, failures: [/** @type {Error} */ (err).message],
        });
      }
      if (app && (app.child.exitCode !== null || app.child.signalCode !== null)) {
        results[results.length - 1].failures.push('app process exited during the run');
        results[results.length - 1].ok = false;
        break;
      }
    }
  } finally {
    if (app && results.some((r) => !r.ok)) {
      console.error(`--- last lines of app output ---\n${app.logTail() || '(none)'}`);
    }
    await stopAllChildren();
  }

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: urlOrigin !== undefined ? { mode: 'url', url: appOrigin } : { mode: 'spawned', app: opts.app, url: appOrigin },
    options: { connections: opts.connections, duration: opts.duration, warmup: opts.warmup },
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
    ok: results.length === selected.length && results.every((r) => r.ok),
    scenarios: results,
  };
  await mkdir(dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
  printTable(results);
  console.log(`\nwrote ${relative(process.cwd(), RESULTS_FILE)}`);
  return report.ok ? EXIT.ok : EXIT.failed;
}

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  async (err) => {
    console.error(err);
    await stopAllChildren();
    process.exit(EXIT.failed);
  },
);
