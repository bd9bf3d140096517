/**
 * The deployment files agree with the code (no servers, no Docker: runs in `npm test`).
 * Parses the Dockerfile, .dockerignore, both compose files, deploy/nginx, every Kubernetes manifest and
 * kustomization, and .gitlab-ci.yml. What it cannot see statically (that the build puts each entry at
 * ENTRY_PATTERN, that HEALTH_ROUTES answer 200 on every app) image-boot.deploy-spec.ts proves by
 * booting the apps (npm run test:deploy).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@surge/platform/config';
import {
  APP_DATABASES, APPS, type AppName, appDirs, appOfImage, build, composeServices, containerEnv, DATABASE_VARIABLES,
  ENTRY_PATTERN, entryOf, HEALTH_ROUTES, isDir, isFile, kustomizations, MIGRATING_APPS, migrateEntryOf, NON_APP_VARIABLES,
  ofKind, OVERLAYS, probedPaths, read, readYaml, ROOT,
} from './deploy-model.js';

export { HEALTH_ROUTES } from './deploy-model.js';

const CONFIG: readonly string[] = CONFIG_VARIABLES;
const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();
const dbVars = (names: Iterable<string>) => sorted(new Set([...names].filter((n) => DATABASE_VARIABLES.includes(n))));

describe('apps/ and the build', () => {
  it('apps/ holds exactly the five apps the deployment files cover', () => {
    expect(appDirs()).toEqual(sorted(APPS));
  });

  it('each app has a main.ts (and a migrate.ts unless it has no database) that nest-cli builds', () => {
    const nest = JSON.parse(read('nest-cli.json'));
    for (const app of appDirs()) {
      expect(isFile(`apps/${app}/src/main.ts`)).toBe(true);
      expect(isFile(`apps/${app}/src/migrate.ts`)).toBe(MIGRATING_APPS.includes(app as AppName));
      expect(nest.projects[app]).toMatchObject({ type: 'application', entryFile: `apps/${app}/src/main` });
    }
  });

  it('the build compiles the tree under dist/ unchanged, so an entry lands at ENTRY_PATTERN', () => {
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.scripts.build).toMatch(/^nest build\b/);
    const nest = JSON.parse(read('nest-cli.json'));
    const tsconfigPath = nest.compilerOptions.tsConfigPath as string;
    const tsconfig = JSON.parse(read(tsconfigPath));
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: '.', outDir: './dist' });
    // apps/<app>/src/main.ts -> dist/apps/<app>/src/main.js
    expect(entryOf('gateway')).toBe('dist/apps/gateway/src/main.js');
    expect(pkg.scripts['start:prod']).toContain(entryOf('monolith'));
    expect(pkg.scripts.migrate).toContain(migrateEntryOf('monolith'));
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = [...text.matchAll(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/gim)].map((m) => m[1]);

  it('is multi-stage: deps, prod-deps, build, runtime', () => {
    expect(stages).toEqual(['base', 'deps', 'prod-deps', 'build', 'runtime']);
  });

  it('accepts exactly the five apps as APP', () => {
    const m = /case\s+"\$\{APP\}"\s+in\s+\\?\s*([\w|]+)\)/.exec(text);
    expect(m).not.toBeNull();
    expect(sorted(m![1]!.split('|'))).toEqual(sorted(APPS));
  });

  it('builds with npm run build and checks the entry at ENTRY_PATTERN; runs that entry', () => {
    expect(text).toMatch(/RUN npm run build \\\n\s*&& test -f "dist\/apps\/\$\{APP\}\/src\/main\.js"/);
    const testPath = /test -f "([^"]+)"/.exec(text)![1];
    expect(testPath).toBe(ENTRY_PATTERN);
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(text);
    expect(cmd).not.toBeNull();
    const argv = JSON.parse(cmd![1]!) as string[];
    // exec form; `exec` makes node PID 1 so it receives SIGTERM.
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv[2]).toMatch(/^exec node /);
    expect(argv[2]).toContain(`"${ENTRY_PATTERN}"`);
    expect(text).toContain('COPY --from=build /app/dist ./dist');
  });

  it('runtime: production dependencies only, non-root, HEALTHCHECK on a health route', () => {
    expect(text).toMatch(/FROM base AS prod-deps\nCOPY package.json package-lock.json .\/\nRUN npm ci --omit=dev/);
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toContain('COPY --from=prod-deps /app/node_modules ./node_modules');
    expect(runtime).not.toMatch(/COPY --from=deps/);
    expect(runtime).toMatch(/^USER node$/m);
    const health = /^HEALTHCHECK[\s\S]*?CMD (\[.*\])$/m.exec(runtime);
    expect(health).not.toBeNull();
    expect(probedPaths(health![1]!)).toEqual(['/health/live']);
  });

  it('.dockerignore keeps installs, builds, git and secrets out, sources in', () => {
    const rules = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const r of ['node_modules', 'dist', '.git', '.env', '.env.*', '.data']) expect(rules).toContain(r);
    expect(rules).toContain('!.env.example');
    for (const kept of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'apps', 'libs']) {
      expect(rules).not.toContain(kept);
    }
  });
});

describe('compose', () => {
  const monolith = composeServices('monolith');
  const split = composeServices('split');
  const all = [...monolith, ...split];
  const appServices = all.filter((s) => s.app);

  it('builds every app in exactly one topology, from the repo Dockerfile', () => {
    const topologyOf = (services: typeof all) => sorted(new Set(services.filter((s) => s.app).map((s) => s.app!)));
    expect(topologyOf(monolith)).toEqual(['monolith']);
    expect(topologyOf(split)).toEqual(['catalog', 'gateway', 'orders', 'users']);
    for (const s of appServices) {
      expect(APPS).toContain(s.app);
      expect(s.build!.context).toBe('../..');
    }
  });

  it('split: nginx, two gateways, three services, four postgres:15, redis:7, three migrations', () => {
    const names = sorted(split.map((s) => s.name));
    expect(names).toEqual(sorted([
      'nginx', 'gateway-1', 'gateway-2', 'catalog', 'orders', 'users', 'users-db', 'catalog-db', 'orders-db-0', 'orders-db-1',
      'redis', 'users-migrate', 'catalog-migrate', 'orders-migrate',
    ]));
    expect(split.filter((s) => s.image === 'postgres:15')).toHaveLength(4);
    expect(split.filter((s) => s.image === 'redis:7')).toHaveLength(1);
    expect(split.filter((s) => s.app === 'gateway').map((s) => s.name)).toEqual(['gateway-1', 'gateway-2']);
  });

  it('each migrating app has a one-shot migration service running its migrate entry; apps start after it', () => {
    for (const [services, apps] of [[monolith, ['monolith']], [split, ['catalog', 'orders', 'users']]] as const) {
      for (const app of apps) {
        const migrations = services.filter((s) => s.app === app && s.command);
        expect(migrations).toHaveLength(1);
        expect(migrations[0]!.command).toEqual(['node', migrateEntryOf(app)]);
        const runners = services.filter((s) => s.app === app && !s.command);
        expect(runners.length).toBeGreaterThan(0);
        for (const r of runners) expect(r.depends_on?.[migrations[0]!.name]).toEqual({ condition: 'service_completed_successfully' });
      }
    }
  });

  it('start ordering: depends_on targets exist; service_healthy only on services with a healthcheck', () => {
    for (const services of [monolith, split]) {
      for (const s of services) {
        for (const [target, { condition }] of Object.entries(s.depends_on ?? {})) {
          const t = services.find((x) => x.name === target);
          expect(t).toBeDefined();
          expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
          if (condition === 'service_healthy') expect(t!.healthcheck).toBeDefined();
          if (condition === 'service_completed_successfully') expect(t!.command).toBeDefined();
        }
      }
    }
  });

  it('every long-running app has a healthcheck on a known health route', () => {
    const checked = all.filter((s) => s.healthcheck && !['postgres:15', 'redis:7'].includes(s.image ?? ''));
    const runners = appServices.filter((s) => !s.command);
    expect(runners).toHaveLength(6); // monolith app, 2 gateways, catalog, orders, users
    for (const s of [...runners, ...checked]) {
      const cmd = [s.healthcheck!.test].flat().join(' ');
      const paths = probedPaths(cmd);
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(HEALTH_ROUTES).toContain(p);
    }
  });

  it('app containers set only variables the configuration accepts; other services only documented ones', () => {
    for (const s of all) {
      for (const name of Object.keys(s.environment)) {
        if (s.app) expect({ service: s.name, name, known: CONFIG.includes(name) }).toEqual({ service: s.name, name, known: true });
        else expect({ service: s.name, name, known: NON_APP_VARIABLES.includes(name) }).toEqual({ service: s.name, name, known: true });
      }
    }
  });

  it('each app gets exactly its databases; production settings; secrets only by interpolation', () => {
    for (const s of appServices) {
      expect({ service: s.name, dbs: dbVars(Object.keys(s.environment)) }).toEqual({ service: s.name, dbs: [...APP_DATABASES[s.app!]] });
      expect(s.environment.NODE_ENV).toBe('production');
      expect(s.environment.MIGRATE_ON_START).toBe('false');
      expect(s.environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
      if (s.app !== 'monolith') expect(s.environment.REDIS_URL).toBe('redis://redis:6379');
    }
    for (const s of all) {
      for (const [name, value] of Object.entries(s.environment)) {
        if (/SECRET|PASSWORD/.test(name) && value !== '') expect(value).toMatch(/^\$\{[A-Z_]+:[?-]/);
        if (name.endsWith('_URL') || name.endsWith('_URLS')) expect(value).not.toMatch(/\/\/[^:@/]+:(?!\$\{)[^@]+@/);
      }
    }
  });

  it('split: every database URL points at a postgres service holding that database', () => {
    const dbs = new Map(split.filter((s) => s.image === 'postgres:15').map((s) => [s.name, s.environment.POSTGRES_DB]));
    const seen = new Set<string>();
    for (const s of split.filter((x) => x.app)) {
      for (const name of DATABASE_VARIABLES) {
        for (const url of (s.environment[name] ?? '').split(',').filter(Boolean)) {
          const m = /@([\w-]+):5432\/(\w+)$/.exec(url);
          expect(m).not.toBeNull();
          expect(dbs.get(m![1]!)).toBe(m![2]);
          seen.add(m![1]!);
        }
      }
    }
    expect(sorted(seen)).toEqual(['catalog-db', 'orders-db-0', 'orders-db-1', 'users-db']);
  });

  it('nginx fronts both gateways, with the LB switch and the templates mounted', () => {
    const nginx = split.find((s) => s.name === 'nginx')!;
    expect(nginx.image).toMatch(/^nginx:/);
    expect(nginx.environment.LB_STRATEGY).toBe('${LB_STRATEGY:-round-robin}');
    expect(nginx.volumes).toEqual(expect.arrayContaining([
      '../nginx/templates:/etc/nginx/templates:ro',
      '../nginx/upstreams:/etc/nginx/upstreams:ro',
    ]));
    expect(Object.keys(nginx.depends_on ?? {}).sort()).toEqual(['gateway-1', 'gateway-2']);
  });
});

describe('nginx', () => {
  const STRATEGIES: Record<string, RegExp | null> = { 'round-robin': null, weighted: /\bweight=\d+/, 'least-conn': /^\s*least_conn;/m, 'ip-hash': /^\s*ip_hash;/m, hash: /^\s*hash \$\S+ consistent;/m };
  const template = read('deploy/nginx/templates/default.conf.template');

  it('one switch: the template includes upstreams/${LB_STRATEGY}.conf, one file per strategy', () => {
    expect(template).toContain('include /etc/nginx/upstreams/${LB_STRATEGY}.conf;');
    const files = readdirSync(join(ROOT, 'deploy/nginx/upstreams')).sort();
    expect(files).toEqual(Object.keys(STRATEGIES).map((s) => `${s}.conf`).sort());
    // envsubst replaces every ${VAR} it knows: the template may use no other ${...}.
    expect([...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])).toEqual(['LB_STRATEGY']);
  });

  it('each strategy balances the compose gateways with passive health checks and keepalive', () => {
    const gateways = composeServices('split').filter((s) => s.app === 'gateway').map((s) => `${s.name}:3000`);
    for (const name of Object.keys(STRATEGIES)) {
      const conf = read(`deploy/nginx/upstreams/${name}.conf`);
      expect(conf).toMatch(/^upstream gateway \{/m);
      const servers = [...conf.matchAll(/^\s*server\s+(\S+)([^;]*);/gm)];
      expect(servers.map((m) => m[1])).toEqual(gateways);
      for (const m of servers) expect(m[2]).toMatch(/max_fails=\d+ fail_timeout=\d+s/);
      expect(conf).toMatch(/^\s*keepalive \d+;/m);
      // exactly its own balancing method (round robin: none)
      const present = Object.entries(STRATEGIES).filter(([, re]) => re?.test(conf)).map(([k]) => k);
      expect({ name, present }).toEqual({ name, present: name === 'round-robin' ? [] : [name] });
    }
  });

  it('proxies with request id, forwarded-for, HTTP/1.1 keepalive; retries only idempotent requests', () => {
    expect(template).toMatch(/proxy_pass http:\/\/gateway;/);
    expect(template).toMatch(/proxy_set_header X-Request-Id \$\S+;/);
    expect(template).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(template).toMatch(/proxy_http_version 1\.1;/);
    const next = /^\s*proxy_next_upstream\s+([^;]+);/m.exec(template);
    expect(next).not.toBeNull();
    expect(next![1]).not.toContain('non_idempotent');
  });

  it('deploy/README.md documents every strategy and the switch', () => {
    const readme = read('deploy/README.md');
    expect(readme).toContain('LB_STRATEGY');
    for (const name of Object.keys(STRATEGIES)) expect(readme).toContain(`\`${name}\``);
  });
});

describe('kubernetes (kustomize)', () => {
  const all = kustomizations();

  it('every kustomization references files that exist; untracked secret env files have an .example', () => {
    expect(all.map((k) => k.dir)).toEqual(expect.arrayContaining([
      'deploy/k8s/base/common', ...APPS.map((a) => `deploy/k8s/base/${a}`), OVERLAYS.monolith, OVERLAYS.split,
      'deploy/k8s/environments/production', 'deploy/k8s/environments/staging',
    ]));
    const gitignore = read('.gitignore');
    for (const { dir, doc } of all) {
      for (const r of doc.resources ?? []) {
        const p = join(dir, r);
        expect({ dir, r, exists: isFile(p) || isFile(join(p, 'kustomization.yaml')) }).toEqual({ dir, r, exists: true });
      }
      for (const p of doc.patches ?? []) if (p.path) expect(isFile(join(dir, p.path))).toBe(true);
      for (const gen of [...(doc.configMapGenerator ?? []), ...(doc.secretGenerator ?? [])]) {
        for (const env of gen.envs ?? []) {
          expect(isFile(join(dir, env)) || isFile(join(dir, `${env}.example`))).toBe(true);
        }
      }
      for (const gen of doc.secretGenerator ?? []) {
        expect(gen.literals).toBeUndefined(); // no secret values in git
        for (const env of gen.envs ?? []) {
          expect(isFile(join(dir, `${env}.example`))).toBe(true);
          expect(gitignore).toContain(`deploy/k8s/**/${env}`);
        }
      }
    }
  });

  it('the overlays deploy every app: monolith alone, the split four together', () => {
    const apps = (o: string) => sorted(ofKind(build(o), 'Deployment').map((d) => appOfImage(d.spec.template.spec.containers[0].image)));
    expect(apps(OVERLAYS.monolith)).toEqual(['monolith']);
    expect(apps(OVERLAYS.split)).toEqual(['catalog', 'gateway', 'orders', 'users']);
    for (const env of ['staging', 'production']) {
      expect(readYaml(`deploy/k8s/environments/${env}/kustomization.yaml`).resources).toEqual(['../../overlays/split']);
    }
  });

  for (const [topology, dir] of Object.entries(OVERLAYS)) {
    describe(`overlay ${topology}`, () => {
      const b = build(dir);
      const deployments = ofKind(b, 'Deployment');
      const jobs = ofKind(b, 'Job');
      const services = ofKind(b, 'Service');
      const workloads = [...deployments, ...jobs];

      it('every Deployment has a Service, an autoscaling/v2 HPA and a PDB targeting it', () => {
        expect(deployments.length).toBe(topology === 'split' ? 4 : 1);
        for (const d of deployments) {
          const labels = d.spec.template.metadata.labels;
          const port = d.spec.template.spec.containers[0].ports.find((p: { name: string }) => p.name === 'http');
          expect(port.containerPort).toBe(3000);
          const svc = services.filter((s) => Object.entries(s.spec.selector).every(([k, v]) => labels[k] === v));
          expect(svc).toHaveLength(1);
          expect(svc[0].spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(['http']);
          const hpas = ofKind(b, 'HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === d.metadata.name);
          expect(hpas).toHaveLength(1);
          expect(hpas[0].apiVersion).toBe('autoscaling/v2');
          expect(hpas[0].spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name });
          expect(hpas[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
          const pdbs = ofKind(b, 'PodDisruptionBudget').filter((p) =>
            Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
          expect(pdbs).toHaveLength(1);
          expect(pdbs[0].apiVersion).toBe('policy/v1');
          // the selector is the Deployment's own
          expect(d.spec.selector.matchLabels).toEqual(pdbs[0].spec.selector.matchLabels);
        }
        expect(ofKind(b, 'HorizontalPodAutoscaler')).toHaveLength(deployments.length);
        expect(ofKind(b, 'PodDisruptionBudget')).toHaveLength(deployments.length);
      });

      it('services (catalog, orders, users) expose only the health/metrics port 3000', () => {
        for (const s of services) {
          const app = s.metadata.name.replace(/^surge-/, '');
          if (['catalog', 'orders', 'users'].includes(app)) expect(s.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
        }
      });

      it('probes: readiness /health/ready, liveness /health/live, a startup probe, all on known routes', () => {
        for (const d of deployments) {
          const c = d.spec.template.spec.containers[0];
          expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
          expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
          expect(HEALTH_ROUTES).toContain(c.startupProbe.httpGet.path);
          for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect(HEALTH_ROUTES).toContain(p.httpGet.path);
          expect(d.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
        }
      });

      it('resources, non-root, read-only root filesystem with emptyDirs for /tmp and /app/.data, no privileges', () => {
        for (const w of workloads) {
          const pod = w.spec.template.spec;
          expect(pod.securityContext.runAsNonRoot).toBe(true);
          for (const c of pod.containers) {
            expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
            expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
            expect(c.securityContext).toMatchObject({
              runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
            });
            const mounts = Object.fromEntries(c.volumeMounts.map((m: { mountPath: string; name: string }) => [m.mountPath, m.name]));
            for (const path of ['/tmp', '/app/.data']) {
              const vol = pod.volumes.find((v: { name: string }) => v.name === mounts[path]);
              expect({ path, emptyDir: vol?.emptyDir !== undefined }).toEqual({ path, emptyDir: true });
            }
          }
        }
      });

      it('containers set only configuration variables; secrets by key; each app exactly its databases', () => {
        for (const [name, values] of [...b.configMaps, ...b.secrets]) {
          for (const key of Object.keys(values)) expect({ name, key, known: CONFIG.includes(key) }).toEqual({ name, key, known: true });
        }
        for (const w of workloads) {
          const c = w.spec.template.spec.containers[0];
          const app = appOfImage(c.image) as AppName;
          const { names, secretRefs, configMapRefs } = containerEnv(c);
          for (const n of names) expect({ app, n, known: CONFIG.includes(n) }).toEqual({ app, n, known: true });
          for (const ref of configMapRefs) expect(b.configMaps.has(ref)).toBe(true);
          for (const ref of secretRefs) {
            expect(b.secrets.has(ref.name)).toBe(true);
            expect(Object.keys(b.secrets.get(ref.name)!)).toContain(ref.key);
          }
          const configKeys = configMapRefs.flatMap((r) => Object.keys(b.configMaps.get(r) ?? {}));
          expect({ app, dbs: dbVars([...names, ...configKeys]) }).toEqual({ app, dbs: [...APP_DATABASES[app]] });
          // secrets never as literal values
          for (const e of c.env ?? []) if (/SECRET|PASSWORD|DATABASE_URL|SHARD_URLS/.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
          expect(names).toContain('JWT_SECRET');
        }
        const config = b.configMaps.get('surge-config')!;
        expect(config).toMatchObject({ NODE_ENV: 'production', MIGRATE_ON_START: 'false' });
      });

      it('a migration Job per migrating app runs its migrate entry', () => {
        const expected = topology === 'split' ? ['catalog', 'orders', 'users'] : ['monolith'];
        expect(sorted(jobs.map((j) => appOfImage(j.spec.template.spec.containers[0].image)))).toEqual(expected);
        for (const j of jobs) {
          const c = j.spec.template.spec.containers[0];
          expect(c.command).toEqual(['node', migrateEntryOf(appOfImage(c.image))]);
          expect(j.spec.template.spec.restartPolicy).toBe('Never');
          expect(j.metadata.labels['app.kubernetes.io/component']).toBe('migration');
        }
      });

      it('the Ingress routes the API to the gateway (split) or the monolith, never health or metrics', () => {
        const ingresses = ofKind(b, 'Ingress');
        expect(ingresses).toHaveLength(1);
        const backends = ingresses[0].spec.rules.flatMap((r: any) => r.http.paths); // eslint-disable-line @typescript-eslint/no-explicit-any
        const target = topology === 'split' ? 'surge-gateway' : 'surge-monolith';
        const svc = services.find((s) => s.metadata.name === target);
        expect(svc).toBeDefined();
        for (const p of backends) {
          expect(p.backend.service.name).toBe(target);
          expect(svc.spec.ports.map((x: { name: string }) => x.name)).toContain(p.backend.service.port.name);
          expect(p.path).not.toMatch(/^\/(health|metrics)/);
          expect(p.path === '/' ).toBe(false);
        }
        expect(backends.map((p: { path: string }) => p.path)).toContain('/api');
      });
    });
  }

  it('compose and kubernetes give each app the same database and Redis variables', () => {
    const fromCompose = new Map<string, string[]>();
    for (const s of [...composeServices('monolith'), ...composeServices('split')].filter((x) => x.app && !x.command)) {
      fromCompose.set(s.app!, sorted(Object.keys(s.environment).filter((n) => [...DATABASE_VARIABLES, 'REDIS_URL', 'JWT_SECRET'].includes(n))));
    }
    for (const dir of Object.values(OVERLAYS)) {
      const b = build(dir);
      for (const d of ofKind(b, 'Deployment')) {
        const c = d.spec.template.spec.containers[0];
        const { names, configMapRefs } = containerEnv(c);
        const keys = [...names, ...configMapRefs.flatMap((r) => Object.keys(b.configMaps.get(r) ?? {}))];
        const app = appOfImage(c.image);
        expect({ app, vars: sorted(new Set(keys.filter((n) => [...DATABASE_VARIABLES, 'REDIS_URL', 'JWT_SECRET'].includes(n)))) })
          .toEqual({ app, vars: fromCompose.get(app) });
      }
    }
  });
});

describe('.gitlab-ci.yml', () => {
  const ci = readYaml('.gitlab-ci.yml');
  const jobs = Object.entries(ci).filter(([k, v]) => !['stages', 'workflow', 'variables', 'default'].includes(k) && typeof v === 'object') as Array<[string, any]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const job = (name: string) => ci[name];
  const scriptOf = (name: string): string => [job(name).script].flat().join('\n');
  const pkg = JSON.parse(read('package.json'));

  it('stages: install, verify, test, build, load, deploy', () => {
    expect(ci.stages).toEqual(['install', 'verify', 'test', 'build', 'load', 'deploy']);
  });

  it('verify runs typecheck, lint and unit; test runs e2e and the deploy checks on postgres:15 and redis:7', () => {
    expect([job('typecheck').stage, job('lint').stage, job('unit').stage]).toEqual(['verify', 'verify', 'verify']);
    expect(scriptOf('typecheck')).toBe('npm run typecheck');
    expect(scriptOf('lint')).toBe('npm run lint');
    expect(scriptOf('unit')).toBe('npm test');
    for (const name of ['e2e', 'deploy-check']) {
      expect(job(name).stage).toBe('test');
      expect(job(name).services.map((s: { name: string }) => s.name)).toEqual(['postgres:15', 'redis:7']);
    }
    expect(scriptOf('e2e')).toBe('npm run test:e2e');
    expect(scriptOf('deploy-check')).toBe('npm run test:deploy');
  });

  it('every npm script a job runs exists in package.json', () => {
    const text = read('.gitlab-ci.yml');
    const used = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThanOrEqual(4);
    for (const s of used) expect(Object.keys(pkg.scripts)).toContain(s);
    for (const s of ['lint', 'test:deploy']) expect(pkg.scripts[s]).toBeDefined();
  });

  it('node jobs share the npm cache keyed on package-lock.json', () => {
    expect(job('.node').cache.key.files).toEqual(['package-lock.json']);
    expect(job('.node').cache.paths).toEqual(expect.arrayContaining(['.npm/', 'node_modules/']));
    expect(ci.variables.npm_config_cache).toBe('$CI_PROJECT_DIR/.npm');
    for (const name of ['typecheck', 'lint', 'unit', 'e2e', 'deploy-check']) expect(job(name).extends).toBe('.node');
  });

  it('build: one image per app, a parallel matrix over exactly the five apps', () => {
    const b = job('build-image');
    expect(b.stage).toBe('build');
    expect(sorted(b.parallel.matrix[0].APP)).toEqual(sorted(APPS));
    expect(scriptOf('build-image')).toContain('--build-arg APP="$APP"');
  });

  it('load: k6 runs each deploy/k6 script against the built image; service variables are configuration', () => {
    const l = job('load');
    expect(l.stage).toBe('load');
    expect(l.image.name).toMatch(/^grafana\/k6:/);
    const scripts = l.parallel.matrix[0].SCRIPT as string[];
    expect(sorted(scripts)).toEqual(['browse', 'checkout', 'flash-sale', 'search']);
    for (const s of scripts) expect(isFile(`deploy/k6/${s}.ts`)).toBe(true);
    expect(scriptOf('load')).toContain('k6 run');
    expect(scriptOf('load')).toContain('"deploy/k6/$SCRIPT.ts"');
    const app = l.services.find((s: { alias: string }) => s.alias === 'surge');
    expect(app.name).toBe('$CI_REGISTRY_IMAGE/monolith:$CI_COMMIT_SHORT_SHA');
    for (const n of Object.keys(app.variables)) expect({ n, known: CONFIG.includes(n) }).toEqual({ n, known: true });
    expect(app.variables.JWT_SECRET).toMatch(/^\$[A-Z_]+$/); // from a masked CI/CD variable
    // the readiness wait probes a known route
    for (const p of probedPaths(scriptOf('load').replace(/\$BASE_URL/g, 'http://surge:3000'))) expect(HEALTH_ROUTES).toContain(p);
  });

  it('deploy: kustomize apply per environment, manual, with environment', () => {
    for (const env of ['staging', 'production']) {
      const d = { ...job('.deploy'), ...job(`deploy-${env}`) };
      expect(d.stage).toBe('deploy');
      expect(d.environment.name).toBe(env);
      const manual = d.when === 'manual' || (d.rules ?? []).every((r: { when?: string }) => r.when === 'manual');
      expect(manual).toBe(true);
      expect(isDir(`deploy/k8s/environments/${env}`)).toBe(true);
    }
    const script = [job('.deploy').script].flat().join('\n');
    expect(script).toContain('kubectl apply -k .');
    expect(script).toContain('deploy/k8s/overlays/split/secrets.env');
    expect(script).toContain('app.kubernetes.io/component=migration');
  });

  it('variables set anywhere in the pipeline are configuration or documented non-app variables', () => {
    const vars = [ci.variables, ...jobs.map(([, j]) => j.variables)].filter(Boolean);
    const names = vars.flatMap((v) => Object.keys(v));
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect({ n, known: CONFIG.includes(n) || NON_APP_VARIABLES.includes(n) }).toEqual({ n, known: true });
  });

  it('.ci/run runs lint, the verify jobs through gitlab-ci-local and the deploy boot test', () => {
    const run = read('.ci/run');
    expect(run).toContain('npm run lint');
    expect(run).toContain('npm run test:deploy');
    expect(run).toContain('.ci/pipeline-local typecheck lint');
    const local = read('.ci/pipeline-local');
    expect(local).toContain('--force-shell-executor');
    expect(local).toContain('jobs=(typecheck lint)');
    // the jobs it runs exist in the pipeline
    for (const name of ['typecheck', 'lint']) expect(job(name)).toBeDefined();
  });
});
