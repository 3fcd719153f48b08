# syntax=docker/dockerfile:1
# Plumbline as a container image: the `plumbline` CLI, run as an unprivileged user on a read-only root file
# system. Build from a checkout of this repository:
#   docker build -t plumbline .
#   docker run --rm --read-only --tmpfs /tmp --user "$(id -u):$(id -g)" -v "$PWD:/work:ro" plumbline review .
# More in docs/ci.md ("Container image").

# Node 24 LTS on Debian (glibc: the ast-grep parsers ship glibc builds). Pinned to a patch release; pin by digest
# too (`node:24.22.3-bookworm-slim@sha256:…`) where the registry's digest can be checked.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# 1. build: compile the TypeScript, bundle the CLI and pack the npm package, as `npm publish` would.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# no install scripts: the repository builds itself below; the parsers ship prebuilt binaries
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json biome.json ./
COPY bin ./bin
COPY src ./src
COPY web ./web
COPY scripts ./scripts
COPY schema ./schema
COPY docs ./docs
COPY agents ./agents
# `npm pack` runs prepack (scripts/pack-manifest.mjs): dist/ is built just above, and the packed package.json
# carries no `prepare` script
RUN npm run build \
  && PLUMBLINE_PACK_PREBUILT=1 npm pack --pack-destination /pkg \
  && mv /pkg/plumbline-arch-*.tgz /pkg/plumbline.tgz

# 2. install: the packed package with its production dependencies only, into a prefix of its own.
FROM ${NODE_IMAGE} AS install
COPY --from=build /pkg/plumbline.tgz /tmp/plumbline.tgz
RUN npm install --global --prefix /opt/plumbline --ignore-scripts --omit=dev --no-audit --no-fund /tmp/plumbline.tgz \
  && npm cache clean --force

# 3. runtime: Node and the installed package; no npm cache, no sources, no build tools.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
  PATH=/opt/plumbline/bin:$PATH \
  PLUMBLINE_COMPILE_CACHE=/tmp/plumbline-compile-cache
COPY --from=install --chown=root:root /opt/plumbline /opt/plumbline
# the image's `node` user (uid 1000); the root file system stays read-only: Plumbline writes only the reports
# you name (`--out`), and its compile cache under /tmp (a tmpfs; without one it runs uncached)
USER node
WORKDIR /work
HEALTHCHECK NONE
ENTRYPOINT ["plumbline"]
CMD ["--help"]
