// @ts-check
/**
 * Load scenarios for `bench/run.mjs`. Add one object per route worth measuring (product detail,
 * product list, search, order placement, ...). Each scenario is first run against a bare node:http
 * server that replays the app's own response for it, then against the app, so the app/baseline
 * ratio compares like with like.
 *
 * @typedef {'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} HttpMethod
 *
 * @typedef {object} ScenarioContext
 * @property {string} baseUrl      origin of the app under test, e.g. http://127.0.0.1:23456
 *
 * @typedef {object} ScenarioSetup
 * @property {Record<string, string>} [headers]  merged over `headers` (e.g. an Authorization header)
 * @property {unknown} [body]                   replaces `body`
 *
 * @typedef {object} ScenarioRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 *
 * @typedef {object} Scenario
 * @property {string} name             short kebab-case id, used by `--scenario`
 * @property {HttpMethod} method
 * @property {string} path             path and query, e.g. /api/v1/products/1
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]          objects are sent as JSON (content-type added); strings as-is
 * @property {number} expectedStatus   any other status during the run counts as an error
 * @property {(ctx: ScenarioContext) => Promise<ScenarioSetup>} [setup]
 *   runs once against the app before the scenario (e.g. register a user and log in)
 * @property {(req: ScenarioRequest) => ScenarioRequest} [perRequest]
 *   rewrites every request during the run (e.g. a fresh Idempotency-Key per order); the request
 *   it receives is a fresh copy and may be mutated
 */

/** @type {Scenario[]} */
export const scenarios = [
  {
    name: 'health-live',
    method: 'GET',
    path: '/health/live',
    expectedStatus: 200,
  },
];
