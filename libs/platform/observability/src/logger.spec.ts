import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { loadConfig } from '@surge/platform/config';
import { createRootLogger, installRequestLogging, PinoNestLogger } from './logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('request logging', () => {
  it('tags every line written while serving a request with its id, redacts secrets, and logs the access line', async () => {
    const out = capture();
    const root = createRootLogger(loadConfig({ LOG_LEVEL: 'info' }), out.stream);
    const nest = new PinoNestLogger(root);
    const app = Fastify({ genReqId: (req) => String(req.headers['x-request-id']) });
    installRequestLogging(app, root);
    app.get('/work', async () => {
      await new Promise((r) => setTimeout(r, 5)); // across an await, the context still holds
      nest.log('working', 'Worker');
      nest.warn({ msg: 'login', password: 'hunter2', user: { refreshToken: 'abc' } }, 'Auth');
      return { ok: true };
    });
    await Promise.all([
      app.inject({ method: 'GET', url: '/work', headers: { 'x-request-id': 'req-a' } }),
      app.inject({ method: 'GET', url: '/work', headers: { 'x-request-id': 'req-b' } }),
    ]);
    nest.log('outside any request', 'Boot');
    const lines = out.lines();
    const working = lines.filter((l) => l.msg === 'working');
    expect(working.map((l) => l.reqId).sort()).toEqual(['req-a', 'req-b']);
    expect(working[0]).toMatchObject({ context: 'Worker', level: 30 });
    const access = lines.filter((l) => l.msg === 'request completed');
    expect(access.map((l) => l.reqId).sort()).toEqual(['req-a', 'req-b']);
    expect(access[0]).toMatchObject({ req: { method: 'GET', url: '/work' }, res: { statusCode: 200 } });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|"abc"/);
    expect(lines.find((l) => l.msg === 'outside any request')).not.toHaveProperty('reqId');
    await app.close();
  });
});
