# One image per service, built from source: docker compose up --build works on a clean clone, with no Maven run on
# the host. docker-compose.yml builds every service from this file with its module as MODULE:
#   docker build --build-arg MODULE=booking-api -t vaxline/booking-api .
# (The modules' src/main/docker/Dockerfile.jvm still build an image from a target/quarkus-app made on the host.)

# The same Maven as the wrapper (.mvn/wrapper/maven-wrapper.properties) on a JDK 21.
FROM maven:3.9.11-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# Every service at once, so the six images share this stage (it does not depend on MODULE); the cache mount keeps
# the downloaded dependencies between builds, locked because concurrent Maven runs must not share a local repository.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -ntp package -DskipTests -pl booking-api,scheduler-stream,notifier,certificate-service,records,web,care -am

FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.21
ARG MODULE
ENV LANGUAGE='en_US:en'

# The folders docker-compose mounts named volumes on, owned by the user the service runs as: Docker copies an image
# folder's owner and mode into a new named volume, which would otherwise be root's and unwritable for uid 185.
USER root
RUN test -n "${MODULE}" || { echo "Build with --build-arg MODULE=<service module>, e.g. booking-api" >&2; exit 1; }
RUN mkdir -p /deployments/state /deployments/keys /keys /backups \
    && chown 185:0 /deployments/state /deployments/keys /keys /backups \
    && chmod 700 /deployments/state /deployments/keys /keys /backups

COPY --from=build --chown=185 /src/${MODULE}/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185 /src/${MODULE}/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185 /src/${MODULE}/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185 /src/${MODULE}/target/quarkus-app/quarkus/ /deployments/quarkus/

EXPOSE 8080
USER 185
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"

ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
