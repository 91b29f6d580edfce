# Samverkan server image. Build: docker build -t samverkan .   (docker-compose.yml does this)
# Stage 1: the web client (needs Node ≥ 20.19 for Vite 8).
FROM node:22-bookworm-slim AS web
WORKDIR /build/web-client
COPY web-client/package.json web-client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web-client/ ./
RUN npm run build

# Stage 2: the server jar (the Keycloak distribution is not needed inside the image).
FROM eclipse-temurin:21-jdk AS server
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Dweb.skip=true -Dkeycloak.skip=true dependency:go-offline || true
COPY src src
COPY keycloak-realm keycloak-realm
COPY --from=web /build/web-client/dist web-client/dist
RUN ./mvnw -B -q -Dweb.skip=true -Dkeycloak.skip=true -DskipTests package

# Stage 3: runtime.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /app samverkan && mkdir -p /app /secrets && chown samverkan /secrets
COPY --from=server /build/target/samverkan.jar /app/samverkan.jar
USER samverkan
WORKDIR /app
EXPOSE 8080
# /dev/tcp is a bash feature (the image's /bin/sh is dash); /health, not /ready: a Keycloak or
# database outage is not a reason to restart this container.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SAMVERKAN_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q '^HTTP/1\\.[01] 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/samverkan.jar"]
CMD ["serve"]
