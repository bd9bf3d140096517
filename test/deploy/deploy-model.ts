/**
 * Reads the deployment files (Dockerfile, compose, nginx, Kubernetes, GitLab CI) into plain data for
 * test/deploy/*.spec.ts (static agreement with the code) and image-boot.deploy-spec.ts (boots the apps
 * with the environment these files give them).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Every app the deployment files know; apps/ must hold exactly these. */
export const APPS = ['monolith', 'gateway', 'catalog', 'orders', 'users'] as const;
export type AppName = (typeof APPS)[number];

/** Apps with a migration entry (dist/apps/<app>/src/migrate.js); the gateway has no database. */
export const MIGRATING_APPS: readonly AppName[] = ['monolith', 'catalog', 'orders', 'users'];

/** The database variables each app is given (and only these): least privilege per app. */
export const APP_DATABASES: Record<AppName, readonly string[]> = {
  monolith: ['CATALOG_DATABASE_URL', 'ORDERS_SHARD_URLS', 'USERS_DATABASE_URL'],
  gateway: [],
  catalog: ['CATALOG_DATABASE_URL'],
  orders: ['ORDERS_SHARD_URLS'],
  users: ['USERS_DATABASE_URL'],
};
export const DATABASE_VARIABLES = ['USERS_DATABASE_URL', 'CATALOG_DATABASE_URL', 'ORDERS_SHARD_URLS'];

/**
 * The HTTP routes probes and health checks may use. Every app serves all three; the boot test
 * (image-boot.deploy-spec.ts) proves each answers 200 on every app.
 */
export const HEALTH_ROUTES = ['/health/live', '/health/ready', '/metrics'] as const;

/** Where `npm run build` puts an app's entry (and the Dockerfile's test -f / CMD path). */
export const ENTRY_PATTERN = 'dist/apps/${APP}/src/main.js';
export const entryOf = (app: string): string => ENTRY_PATTERN.replace('${APP}', app);
export const migrateEntryOf = (app: string): string => `dist/apps/${app}/src/migrate.js`;

/**
 * Variables the deployment files set that are not the app's: the images' own (postgres, nginx),
 * the pipeline's and the test tooling's, k6's (-e and K6_*). App containers may set none of these:
 * only CONFIG_VARIABLES.
 */
export const NON_APP_VARIABLES = [
  // postgres:15 image
  'POSTGRES_DB', 'POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD',
  // nginx: the load-balancing switch (deploy/nginx)
  'LB_STRATEGY',
  // GitLab CI: image, npm and docker-in-docker settings; the e2e/deploy test servers
  'NODE_IMAGE', 'NPM_VERSION', 'npm_config_cache', 'npm_config_audit', 'npm_config_fund',
  'DOCKER_HOST', 'DOCKER_TLS_CERTDIR', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'TEST_DATABASE_URL', 'TEST_REDIS_URL',
  // k6 (deploy/k6/README.md)
  'BASE_URL', 'K6_NO_USAGE_REPORT',
];

export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

// Compose files use YAML merge keys (<<); js-yaml 5 enables them only on request.
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
export const readYaml = <T = any>(path: string): T => load(read(path), { schema: SCHEMA }) as T; // eslint-disable-line @typescript-eslint/no-explicit-any
export const readYamlAll = (path: string): any[] => loadAll(read(path), { schema: SCHEMA }) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any

export const isDir = (path: string): boolean => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();
export const isFile = (path: string): boolean => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();

/** Directories under apps/ (what the code has). */
export function appDirs(): string[] {
  return readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

// ---------------------------------------------------------------- compose

/** Environment as a map; compose allows a list of KEY=VALUE too. */
export function envMap(env: unknown): Record<string, string> {
  if (env == null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line: string) => {
      const i = String(line).indexOf('=');
      return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  command?: string[];
  environment: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  /** The app this service runs (from its build arg APP), if any. */
  app?: AppName;
}

export const COMPOSE_FILES = { monolith: 'deploy/compose/monolith.compose.yml', split: 'deploy/compose/split.compose.yml' } as const;
export type Topology = keyof typeof COMPOSE_FILES;

export function composeServices(topology: Topology): ComposeService[] {
  const doc = readYaml(COMPOSE_FILES[topology]);
  return Object.entries(doc.services as Record<string, any>).map(([name, s]) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
    ...s,
    name,
    environment: envMap(s.environment),
    app: s.build?.args?.APP,
  }));
}

/** Compose interpolation `${NAME:-default}` / `${NAME:?message}` / `${NAME}` with values from `vars`. */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op?.endsWith('-')) return arg;
    if (op?.endsWith('?')) throw new Error(`compose: ${name} is required (${arg})`);
    return '';
  });
}

/**
 * Paths probed by a healthcheck/probe command line: http://host[:port]/path URLs, and quoted path
 * literals concatenated onto a URL ('http://127.0.0.1:'+port+'/health/live').
 */
export function probedPaths(command: string): string[] {
  const urls = [...command.matchAll(/https?:\/\/[\w.-]+(?::\d+)?(\/[^'"\s),]*)/g)].map((m) => m[1]!);
  const literals = [...command.matchAll(/\+\s*['"](\/[^'"]*)['"]/g)].map((m) => m[1]!);
  return [...urls, ...literals].map((p) => p.replace(/\?.*$/, ''));
}

// ---------------------------------------------------------------- kustomize

export interface Kustomization {
  dir: string;
  doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every kustomization.yaml under deploy/k8s. */
export function kustomizations(base = 'deploy/k8s'): Kustomization[] {
  const out: Kustomization[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === 'kustomization.yaml') out.push({ dir, doc: readYaml(join(dir, e.name)) });
    }
  };
  walk(base);
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

export interface Build {
  /** Every manifest reached from the kustomization through `resources` (not transformed). */
  manifests: any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  configMaps: Map<string, Record<string, string>>;
  /** secretGenerator name -> the keys of its env file (its .example when the file is untracked). */
  secrets: Map<string, Record<string, string>>;
  files: string[];
}

function literalsOrEnv(dir: string, gen: any): Record<string, string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Record<string, string> = {};
  for (const lit of gen.literals ?? []) {
    const i = String(lit).indexOf('=');
    out[lit.slice(0, i)] = lit.slice(i + 1);
  }
  for (const env of gen.envs ?? []) {
    const path = isFile(join(dir, env)) ? join(dir, env) : join(dir, `${env}.example`);
    for (const line of read(path).split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const i = t.indexOf('=');
      out[t.slice(0, i)] = t.slice(i + 1);
    }
  }
  return out;
}

/** Follows `resources` from a kustomization directory (what `kubectl kustomize` would read). */
export function build(dir: string): Build {
  const result: Build = { manifests: [], configMaps: new Map(), secrets: new Map(), files: [] };
  const visit = (d: string) => {
    const doc = readYaml(join(d, 'kustomization.yaml'));
    for (const gen of doc.configMapGenerator ?? []) result.configMaps.set(gen.name, literalsOrEnv(d, gen));
    for (const gen of doc.secretGenerator ?? []) result.secrets.set(gen.name, literalsOrEnv(d, gen));
    for (const res of doc.resources ?? []) {
      const path = join(d, res);
      if (isDir(path)) visit(path);
      else {
        result.files.push(path);
        result.manifests.push(...readYamlAll(path).filter(Boolean));
      }
    }
  };
  visit(dir);
  return result;
}

export const OVERLAYS = { monolith: 'deploy/k8s/overlays/monolith', split: 'deploy/k8s/overlays/split' } as const;

export const ofKind = (b: Build, kind: string) => b.manifests.filter((m) => m.kind === kind);

/** The app a Deployment or Job runs, from its image `surge/<app>`. */
export function appOfImage(image: string): string {
  const m = /^surge\/([a-z-]+)(?::.*)?$/.exec(image);
  if (!m) throw new Error(`unexpected image ${image}: base manifests use surge/<app>`);
  return m[1]!;
}

/** Variable names a container sets, and the secret/config references they use. */
export function containerEnv(c: any): { names: string[]; secretRefs: Array<{ name: string; key: string }>; configMapRefs: string[] } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const names: string[] = [];
  const secretRefs: Array<{ name: string; key: string }> = [];
  const configMapRefs: string[] = [];
  for (const e of c.env ?? []) {
    names.push(e.name);
    if (e.valueFrom?.secretKeyRef) secretRefs.push(e.valueFrom.secretKeyRef);
  }
  for (const e of c.envFrom ?? []) {
    if (e.configMapRef) configMapRefs.push(e.configMapRef.name);
    if (e.secretRef) throw new Error('envFrom secretRef hands every secret to every app: use secretKeyRef per variable');
  }
  return { names, secretRefs, configMapRefs };
}

/** The complete environment a Deployment/Job container gets in an overlay (config + referenced secrets). */
export function k8sEnv(b: Build, container: any): Record<string, string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { configMapRefs } = containerEnv(container);
  const env: Record<string, string> = {};
  for (const ref of configMapRefs) Object.assign(env, b.configMaps.get(ref));
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    const ref = e.valueFrom?.secretKeyRef;
    const v = ref ? b.secrets.get(ref.name)?.[ref.key] : undefined;
    if (v !== undefined) env[e.name] = v;
  }
  return env;
}

export const rel = (p: string): string => relative(ROOT, p);
export const parent = dirname;
