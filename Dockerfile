# Pipeline Gateway. Without DATABASE_URL it serves the embedded PGlite in /app/.data (mount a
# volume there to keep it); docker-compose.yml runs it against PostgreSQL.
FROM node:22-bookworm-slim

WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# Dependencies first, from the manifests alone, so this layer is reused until they change. The
# postinstall runs `prisma generate`, which needs the Prisma schema, its config and its script.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.ts ./scripts/
RUN npm ci && npm cache clean --force

COPY . .
# The compiled JavaScript `npm start` runs (dist/): about 50 MB less per process than tsx.
RUN npm run build
# The server runs as the image's unprivileged `node` user, which owns only the data folder.
RUN mkdir -p .data && chown node:node .data

ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
USER node
EXPOSE 4000

# /ready answers 200 only while the database answers; the slim image has no curl, Node has fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# What `npm start` runs (WEB_CONCURRENCY=N for N workers), without npm and a shell in front: npm exits at once on SIGTERM and does not
# pass it on, so the server would be killed with the container instead of finishing its requests.
# Started directly, it gets `docker stop`'s SIGTERM, drains, closes the database and exits 0.
CMD ["node", "dist/cluster.js"]
