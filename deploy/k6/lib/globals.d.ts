// k6 provides `console` (goja); @types/k6 does not declare it and lib ES2020 has no DOM.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
