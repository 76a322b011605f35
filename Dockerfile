# The local server as a container (issue 20 item 8): Debian 12 slim with Node 20 (the official node image is
# Debian 12 "bookworm" slim), LibreOffice, Poppler, qpdf and the other engines, run by a user without
# privileges. No client secret and no signing key are baked in: compose.yaml passes the secret, the signing key is
# made once in the --data volume, and without a secret the server refuses to start on 0.0.0.0 (exit 2; see
# server/README.md, "Credentials on a network"). tests/node/deploy-files.test.js checks this file and runs its
# CMD and HEALTHCHECK on the host.
FROM node:20-bookworm-slim

# The engines of server/converters (scripts/setup.sh installs the same on a developer machine).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libreoffice-writer libreoffice-calc-nogui libreoffice-impress-nogui python3-uno \
      hyphen-en-us poppler-utils qpdf libemail-outlook-message-perl graphicsmagick librsvg2-bin pandoc \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The server workspace and what it needs from npm (busboy, prom-client), from the repository's lockfile.
COPY package.json package-lock.json ./
COPY server/ ./server/
RUN npm ci --omit=dev --workspace server --include-workspace-root=false --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

RUN useradd --system --create-home --uid 10001 converter \
 && mkdir -p /data && chown converter /data
USER converter
VOLUME /data
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "server/cli.js", "--host", "0.0.0.0", "--port", "8080", "--data", "/data", "--log-format", "json"]
