#!/bin/sh
# docker-compose's Kafka broker (apache/kafka image), started the way devstack's KafkaBroker starts the local one:
# clients log in with SASL SCRAM-SHA-512, the provisioner is the one super user, and its SCRAM credential is put into
# the cluster's metadata when the log folder is formatted (SCRAM users live in the metadata, so the first one cannot
# be made by a client). The image's own entrypoint cannot add a SCRAM credential, hence this script.
#
# Reads:
#   KAFKA_SERVER_PROPERTIES     the broker's settings without secrets (docker-compose.yml), log.dirs among them
#   KAFKA_PROVISIONER_PASSWORD  the provisioner's password: its SCRAM credential on the first format, and the
#                               broker's own login on the SASL listener (inter-broker)
# Writes, readable by the broker's user only, outside the data volume:
#   /tmp/vaxline/server.properties  the settings above plus the two JAAS logins
#   /tmp/vaxline/client.properties  a provisioner login for tools and the healthcheck (--command-config)
set -eu

: "${KAFKA_SERVER_PROPERTIES:?set KAFKA_SERVER_PROPERTIES (the broker settings)}"
: "${KAFKA_PROVISIONER_PASSWORD:?set KAFKA_PROVISIONER_PASSWORD (the provisioner principal password)}"

KAFKA_HOME=/opt/kafka
CONFIG=/tmp/vaxline
umask 077
mkdir -p "$CONFIG"

# The controller listener is used only by this broker itself, so its PLAIN password is made afresh at each start.
CONTROLLER_PASSWORD=$(tr -d '-' < /proc/sys/kernel/random/uuid)$(tr -d '-' < /proc/sys/kernel/random/uuid)
SCRAM_LOGIN=org.apache.kafka.common.security.scram.ScramLoginModule
PLAIN_LOGIN=org.apache.kafka.common.security.plain.PlainLoginModule

{
    printf '%s\n' "$KAFKA_SERVER_PROPERTIES"
    printf 'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=%s required username="provisioner" password="%s";\n' \
        "$SCRAM_LOGIN" "$KAFKA_PROVISIONER_PASSWORD"
    printf 'listener.name.controller.plain.sasl.jaas.config=%s required username="controller" password="%s" user_controller="%s";\n' \
        "$PLAIN_LOGIN" "$CONTROLLER_PASSWORD" "$CONTROLLER_PASSWORD"
} > "$CONFIG/server.properties"

{
    echo "security.protocol=SASL_PLAINTEXT"
    echo "sasl.mechanism=SCRAM-SHA-512"
    printf 'sasl.jaas.config=%s required username="provisioner" password="%s";\n' "$SCRAM_LOGIN" "$KAFKA_PROVISIONER_PASSWORD"
} > "$CONFIG/client.properties"

LOG_DIR=$(sed -n 's/^log\.dirs=//p' "$CONFIG/server.properties" | cut -d, -f1)
if [ -z "$LOG_DIR" ]; then
    echo "kafka-start: KAFKA_SERVER_PROPERTIES has no log.dirs (it must be the data volume's mount path)" >&2
    exit 1
fi

if [ -f "$LOG_DIR/meta.properties" ]; then
    echo "kafka-start: $LOG_DIR is formatted (cluster $(sed -n 's/^cluster\.id=//p' "$LOG_DIR/meta.properties"))"
else
    CLUSTER_ID=$("$KAFKA_HOME/bin/kafka-storage.sh" random-uuid)
    echo "kafka-start: formatting $LOG_DIR for cluster $CLUSTER_ID with the provisioner's SCRAM-SHA-512 credential"
    "$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted -t "$CLUSTER_ID" -c "$CONFIG/server.properties" \
        --add-scram "SCRAM-SHA-512=[name=provisioner,password=$KAFKA_PROVISIONER_PASSWORD]"
fi

exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG/server.properties"
