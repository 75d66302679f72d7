# docker-mcp-server as a container image: MCP over stdio, the Docker socket mounted.
#
#   npm run build
#   docker build --build-arg VARIANT=full     -t docker-mcp-server:full .      # docker CLI + compose + buildx + scout
#   docker build --build-arg VARIANT=no-scout -t docker-mcp-server:no-scout .  # the same without scout
#   docker build --build-arg VARIANT=lite     -t docker-mcp-server:lite .      # Engine API tools only, no docker CLI
#   docker run -i --rm --group-add "$(stat -c %g /var/run/docker.sock)" \
#     -v /var/run/docker.sock:/var/run/docker.sock docker-mcp-server:full
#
# The server runs as the unprivileged user `node`; --group-add gives it the socket's group. The image holds only
# the bundle (dist/docker-mcp-server.mjs and its dist/chunks/), no node_modules. Scout comes from SCOUT_IMAGE's /docker-scout when it has one.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG DOCKER_CLI_IMAGE=docker:28-cli
ARG SCOUT_IMAGE=docker/scout-cli:1
ARG VARIANT=full

FROM ${DOCKER_CLI_IMAGE} AS docker-cli
FROM ${SCOUT_IMAGE} AS scout

FROM ${NODE_IMAGE} AS lite
ARG VERSION=0.0.0
ARG VARIANT
LABEL io.modelcontextprotocol.server.name="io.github.L337-org/docker-mcp-server" \
      org.opencontainers.image.title="docker-mcp-server" \
      org.opencontainers.image.description="MCP server for Docker (stdio): the Docker surface on one or many daemons, safely." \
      org.opencontainers.image.source="https://github.com/L337-org/docker-mcp-server" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      io.github.l337-org.docker-mcp-server.variant="${VARIANT}"
ENV NODE_ENV=production \
    DOCKER_MCP_SERVER_IN_CONTAINER=1
COPY dist/docker-mcp-server.mjs /opt/docker-mcp-server/docker-mcp-server.mjs
COPY dist/chunks/ /opt/docker-mcp-server/chunks/
USER node
WORKDIR /home/node
ENTRYPOINT ["node", "/opt/docker-mcp-server/docker-mcp-server.mjs"]

FROM lite AS with-cli
USER root
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=docker-cli /usr/local/libexec/docker/cli-plugins/docker-compose \
     /usr/local/libexec/docker/cli-plugins/docker-buildx /usr/local/libexec/docker/cli-plugins/
USER node

FROM with-cli AS no-scout
ENV DOCKER_MCP_SERVER_DISABLE=scout

FROM with-cli AS full
# The bracket makes the source a wildcard: a scout image without the binary adds nothing instead of failing.
COPY --from=scout /docker-scou[t] /usr/local/libexec/docker/cli-plugins/

FROM ${VARIANT}
