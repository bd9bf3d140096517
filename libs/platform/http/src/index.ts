export { API_PREFIX, configureHttpApp, createFastifyAdapter, createHttpApp } from './http-app.js';
export { ProblemFilter, PROBLEM_CONTENT_TYPE, sendProblem } from './problem.filter.js';
export { toProblem, type Problem, type ProblemBody } from './problem.js';
export { createValidationPipe } from './validation.pipe.js';
export { loadConfigOrExit, migrateAndExit, serve } from './serve.js';
export { CursorPageQueryDto } from './cursor-page.query.js';
