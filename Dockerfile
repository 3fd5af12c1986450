# syntax=docker/dockerfile:1
# Build stage: install everything, compile TypeScript, then drop dev dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY protos ./protos
COPY src ./src
COPY scripts ./scripts
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code and production dependencies only, as a non-root user.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ENVIRONMENT=production \
    GRPC_PORT=9001 \
    HTTP_PORT=8081 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/protos ./protos
COPY --chown=node:node bin ./bin
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9001 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8081)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# The V8 flags are test/support/served-process.ts's serviceNodeFlags (the perf suite runs with them too).
CMD ["node", "--max-semi-space-size=32", "bin/tda.js", "serve"]
