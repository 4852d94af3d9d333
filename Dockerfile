# Annex in a container: a build stage compiles the server and the web UI, the runtime stage holds
# the binary, the UI and the C libraries PostgreSQL needs. Built by docker-compose.yml.

FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-web \
    && cargo build --release -p annex-cli \
    && cp target/release/annex /usr/local/bin/annex

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/annex --create-home annex
COPY --from=build /usr/local/bin/annex /usr/local/bin/annex
COPY --from=build /src/frontend/dist /usr/share/annex/web
USER annex
ENV ANNEX_BIND=0.0.0.0:8080 \
    ANNEX_DATA_DIR=/var/lib/annex \
    ANNEX_WEB_DIR=/usr/share/annex/web
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/api/ready || exit 1
ENTRYPOINT ["annex"]
CMD ["serve"]
