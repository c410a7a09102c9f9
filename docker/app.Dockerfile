# One image recipe for botwatch's three programs (exporter, responder, demo-bot), chosen by build
# args, so the JVM flags, the user and the healthcheck cannot drift apart between them:
#   docker build -f docker/app.Dockerfile --build-arg MODULE=exporter --build-arg PORT=9310 .
# The build context is the repository root (the Maven reactor needs the parent pom and common/).

# ---- build: the module and what it depends on (-am), tests skipped (the CI runs them) ----------
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
# The parent pom shades every program into target/dist/botwatch-<module>.jar.
# spotless only reformats sources; a container build has no business rewriting them. The class-data
# archive is written in the run stage instead (-Dexec.skip): it must come from the JVM that runs it.
RUN test -n "$MODULE" || { echo "build with --build-arg MODULE=exporter|responder|demo-bot" >&2; exit 1; } \
 && mvn -B -q -ntp -pl "$MODULE" -am -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true -Dexec.skip=true package \
 && cp "target/dist/botwatch-$MODULE.jar" /app.jar

# ---- run: a JRE, a non-root user, the jar, nothing else -----------------------------------------
FROM eclipse-temurin:17-jre
ARG MODULE
ARG PORT
ARG HEALTH_PATH=/-/healthy
LABEL org.opencontainers.image.title="botwatch-${MODULE}" \
      org.opencontainers.image.source="https://github.com/botwatch/botwatch"
# A fixed uid/gid so volume ownership (the responder's store) is predictable across rebuilds.
RUN groupadd --system --gid 10001 botwatch \
 && useradd --system --uid 10001 --gid botwatch --home-dir /var/lib/botwatch --shell /usr/sbin/nologin botwatch \
 && mkdir -p /opt/botwatch /etc/botwatch /var/lib/botwatch/responder /var/lib/botwatch/demo-bot \
 && chown -R botwatch:botwatch /var/lib/botwatch
# The state directories exist in the image, owned by botwatch, because Docker gives a new named
# volume the ownership of the directory it is mounted on (compose mounts the responder's store
# and the demo bot's files there); otherwise root would own them and the programs could not write.
COPY --from=build /app.jar /opt/botwatch/botwatch-${MODULE}.jar
COPY docker/healthcheck.sh /usr/local/bin/botwatch-healthcheck
# Same flags as bin/lib.sh and deploy/systemd, sized for a small always-on agent (bin/lib.sh says
# why each; exporter/bench/README.md where the memory goes); an OOM exits so the container
# restarts instead of limping. JAVA_TOOL_OPTIONS would print a banner on stderr; keep our own name.
ENV BOTWATCH_MODULE=${MODULE} \
    BOTWATCH_PORT=${PORT} \
    BOTWATCH_HEALTH_PATH=${HEALTH_PATH} \
    BOTWATCH_CONFIG=/etc/botwatch/${MODULE}.yml \
    BOTWATCH_JVM_FLAGS="-Xms8m -Xmx64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+ExitOnOutOfMemoryError" \
    BOTWATCH_JAVA_OPTS=""
# Class-data sharing (as bin/lib.sh ensure_class_data does natively): a training run of this image's
# own JVM writes the archive of the classes the program loads, and the entrypoint maps it; exec to
# the first answer takes ~40% less. The demo bot has no training run and starts without one.
RUN case "$MODULE" in exporter | responder) \
      java $BOTWATCH_JVM_FLAGS -XX:ArchiveClassesAtExit=/opt/botwatch/botwatch-$MODULE.jsa \
        -jar /opt/botwatch/botwatch-$MODULE.jar --warm-up >/tmp/warm-up.log 2>&1 \
      || { cat /tmp/warm-up.log >&2; exit 1; } ;; \
    esac \
 && rm -rf /tmp/warm-up.log /tmp/botwatch-warm-up-*
USER botwatch:botwatch
WORKDIR /var/lib/botwatch
EXPOSE ${PORT}
# The JRE image may lack curl and wget: the check speaks HTTP/1.0 over bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["/usr/local/bin/botwatch-healthcheck"]
# exec makes java PID 1, so `docker stop`'s SIGTERM reaches it and the shutdown hook runs.
ENTRYPOINT ["/bin/bash", "-c", "cds=/opt/botwatch/botwatch-$BOTWATCH_MODULE.jsa; [ -f $cds ] && cds=-XX:SharedArchiveFile=$cds || cds=; exec java $BOTWATCH_JVM_FLAGS $cds $BOTWATCH_JAVA_OPTS -jar /opt/botwatch/botwatch-$BOTWATCH_MODULE.jar --config \"$BOTWATCH_CONFIG\" \"$@\"", "botwatch"]
