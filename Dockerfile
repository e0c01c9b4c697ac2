# Build: docker build -t weft .   Run all-in-one: docker run -p 16686:16686 -p 4317:4317 -p 4318:4318 -p 9411:9411 -p 14268:14268 -p 14269:14269 weft
# Roles by flag: docker run weft --roles=collector   (every option also as WEFT_* environment variable)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY webroot webroot
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /weft
COPY --from=build /src/target/weft.jar /weft/weft.jar
COPY cluster.xml /weft/cluster.xml
# Inside a container, listen on every interface.
ENV WEFT_HOST=0.0.0.0
EXPOSE 4317 4318 9411 14268 14269 16686 6831/udp 6832/udp 5778 5779
# Clustered (--cluster): Hazelcast membership and the TCP event-bus bridge; the event bus itself takes --cluster.port.
EXPOSE 5701 7000
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/weft/weft.jar"]
