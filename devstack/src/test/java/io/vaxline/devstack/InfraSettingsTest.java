package io.vaxline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InfraSettingsTest {

    @Test
    void threeBrokersListenOnNodeOnesPortsPlusTenAndTwenty() {
        InfraSettings settings = InfraSettings.fromEnvironment(Path.of("data"), Map.of(), 3);
        assertThat(settings.brokers()).isEqualTo(3);
        assertThat(new int[] { settings.kafkaPort(1), settings.kafkaPort(2), settings.kafkaPort(3) })
                .containsExactly(9092, 9102, 9112);
        assertThat(new int[] { settings.kafkaControllerPort(1), settings.kafkaControllerPort(2), settings.kafkaControllerPort(3) })
                .containsExactly(9093, 9103, 9113);
        assertThat(new int[] { settings.kafkaTlsPort(1), settings.kafkaTlsPort(2), settings.kafkaTlsPort(3) })
                .containsExactly(9094, 9104, 9114);
        // moved with node 1's variable
        assertThat(InfraSettings.fromEnvironment(Path.of("data"), Map.of(InfraSettings.KAFKA_PORT, "19092"), 3).kafkaPort(3))
                .isEqualTo(19112);
    }

    @Test
    void oneBrokerIsTheDefaultAndOnlyOneOrThreeAreRun() {
        assertThat(InfraSettings.fromEnvironment(Path.of("data"), Map.of()).brokers()).isEqualTo(1);
        assertThatThrownBy(() -> InfraSettings.fromEnvironment(Path.of("data"), Map.of(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 or 3");
    }

    @Test
    void onFreePortsEveryNodeHasPortsOfItsOwn() {
        InfraSettings settings = InfraSettings.onFreePorts(Path.of("data"), 3);
        Set<Integer> ports = new java.util.HashSet<>();
        for (int n = 1; n <= 3; n++) {
            ports.addAll(Set.of(settings.kafkaPort(n), settings.kafkaControllerPort(n), settings.kafkaTlsPort(n)));
        }
        assertThat(ports).hasSize(9);
    }

    @Test
    void replicationFollowsTheNumberOfBrokers() {
        assertThat(KafkaBroker.replicationFactor(1)).isEqualTo((short) 1);
        assertThat(KafkaBroker.minInsyncReplicas(1)).isEqualTo(1);
        assertThat(KafkaBroker.replicationFactor(3)).isEqualTo((short) 3);
        assertThat(KafkaBroker.minInsyncReplicas(3)).isEqualTo(2);
        assertThat(new KafkaBroker(Path.of("x"), 1, 2, "p", "c").asClusterNode(2, "v", "id", 3).properties())
                .containsEntry("node.id", "2").containsEntry("controller.quorum.voters", "v")
                .containsEntry("transaction.state.log.replication.factor", "3").containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("offsets.topic.replication.factor", "3").containsEntry("min.insync.replicas", "2");
        assertThat(new KafkaBroker(Path.of("x"), 1, 2, "p", "c").properties())
                .containsEntry("transaction.state.log.replication.factor", "1").containsEntry("min.insync.replicas", "1");
    }
}
