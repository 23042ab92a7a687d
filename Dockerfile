# One image for the five daytwo services; the service is chosen by the first argument:
#   docker run daytwo processor --config /etc/daytwo/processor.yaml
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY shared/core/package.json shared/core/
COPY shared/processor-api/package.json shared/processor-api/
COPY services/collector-logs/package.json services/collector-logs/
COPY services/collector-metrics/package.json services/collector-metrics/
COPY services/processor/package.json services/processor/
COPY services/sink/package.json services/sink/
COPY services/alerter/package.json services/alerter/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY services services
RUN npx tsc -b shared/core shared/processor-api services/collector-logs services/collector-metrics \
      services/processor services/sink services/alerter \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production
# V8 flags of every service (SERVICE_NODE_OPTIONS in shared/core/src/lifecycle/node-options.ts, where the figures are).
ENV NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/shared shared
COPY --from=build /src/services services
COPY bin bin
COPY config /etc/daytwo
# The node image's unprivileged user; state (checkpoints, template store) goes to a mounted volume.
USER node
EXPOSE 9464
ENTRYPOINT ["node", "/app/bin/run-service.js"]
CMD ["--help"]
