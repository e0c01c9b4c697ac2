# Build: docker build -t weft .   Run all-in-one: docker run -p 16686:16686 -p 4317:4317 -p 4318:4318 -p 9411:9411 -p 14268:14268 -p 14269:14269 weft
# Roles by flag: docker run weft --roles=collector   (every option also as WEFT_* environment variable)
# A cluster of containers (WEFT_CLUSTER, WEFT_CLUSTER_HOST, WEFT_CLUSTER_MEMBERS): see docs/docker.md.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY webroot webroot
# The pom packs cluster.xml into the jar: the Hazelcast config a node falls back to without ./cluster.xml.
COPY cluster.xml .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# Weft writes no files; it runs as a user of its own, never root (every port it opens is above 1024).
RUN groupadd --gid 10001 weft \
    && useradd --uid 10001 --gid weft --no-create-home --home-dir /weft --shell /usr/sbin/nologin weft
WORKDIR /weft
COPY --from=build /src/target/weft.jar /weft/weft.jar
COPY cluster.xml /weft/cluster.xml
# Inside a container, listen on every interface. A fixed event-bus port, so a cluster spanning hosts can publish it.
ENV WEFT_HOST=0.0.0.0 \
    WEFT_CLUSTER_PORT=7071
USER 10001:10001
# Receivers (OTLP gRPC, OTLP HTTP, Zipkin, Jaeger thrift HTTP), query API and UI, admin (/health, /metrics).
EXPOSE 4317 4318 9411 14268 16686 14269
# Agent (Jaeger thrift compact and binary over UDP) and sampling strategies (HTTP, gRPC).
EXPOSE 6831/udp 6832/udp 5778 5779
# Clustered (--cluster) only: Hazelcast membership, the event bus (WEFT_CLUSTER_PORT), the TCP event-bus bridge.
EXPOSE 5701 7071 7070
# /health on the admin port answers 200 once the node serves. The JRE image need not have curl: bash's /dev/tcp asks.
# (It follows WEFT_HOST and WEFT_ADMIN_HTTP_PORT; an admin port changed by flag needs the variable instead.)
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "h=${WEFT_HOST:-127.0.0.1}; case $h in 0.0.0.0|::) h=127.0.0.1 ;; esac; exec 3<>/dev/tcp/$h/${WEFT_ADMIN_HTTP_PORT:-14269} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/weft/weft.jar"]
