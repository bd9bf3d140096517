# Builds one app of the monorepo into a production image:
#   docker build --build-arg APP=gateway -t surge/gateway .
# APP is one of: monolith, gateway, catalog, orders, users (anything else fails the build).
# `npm run build` compiles every app into dist/; the image runs dist/apps/${APP}/src/main.js and,
# for the domain apps, ships dist/apps/${APP}/src/migrate.js for the one-shot migration job.
# Plain Dockerfile syntax (no RUN --mount) so it builds with BuildKit, kaniko, buildah or podman.
# test/deploy/ checks this file against the code and replays its steps (npm run test:deploy).

ARG NODE_IMAGE=node:20-bookworm-slim

# npm pinned to the major the lockfile is written with (node:20 images ship npm 10).
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11
RUN npm install --global --no-audit --no-fund --loglevel=error "npm@${NPM_VERSION}"
WORKDIR /app

# All dependencies, for the build.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Production dependencies only; runs in parallel with the build under BuildKit.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM deps AS build
ARG APP=monolith
# An unknown APP fails here, before the build.
RUN case "${APP}" in \
      monolith|gateway|catalog|orders|users) ;; \
      *) echo "APP must be one of monolith, gateway, catalog, orders, users (got '${APP}')" >&2; exit 1 ;; \
    esac
COPY . .
RUN npm run build \
 && test -f "dist/apps/${APP}/src/main.js"

FROM ${NODE_IMAGE} AS runtime
ARG APP=monolith
ENV NODE_ENV=production \
    APP=${APP} \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# package.json carries "type": "module", which the compiled ESM output needs at run time.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Code stays root-owned and read-only to the app; only the embedded-data dir is writable
# (Kubernetes mounts emptyDirs on /app/.data and /tmp under a read-only root filesystem).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# No curl in slim images: probe with node's fetch. Generous start period: embedded PGlite
# instances take a few seconds each to start.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node replaces the shell as PID 1 and receives SIGTERM itself (graceful shutdown).
CMD ["sh", "-c", "exec node --enable-source-maps \"dist/apps/${APP}/src/main.js\""]
