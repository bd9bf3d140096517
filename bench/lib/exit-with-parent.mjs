// @ts-check
/**
 * Preloaded (`node --import`) into the app that bench/run.mjs starts. The runner keeps the child's
 * stdin open as a pipe; if the runner dies without cleaning up (SIGKILL, CI timeout), the pipe
 * closes and this sends SIGTERM to the app so no server is left behind. The stdin handle is
 * unref'd so it never keeps the app alive on its own.
 */
const stdin = process.stdin;
stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
stdin.resume();
/** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (stdin)).unref?.();
