package io.vaxline.notifier.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A directory is caught up with what it applied, not with what its consumer fetched. */
class AppliedTest {

    private static final TopicPartition P0 = new TopicPartition("people", 0);

    @Test
    void aPartitionIsReachedOnceItsLastRecordBeforeTheEndIsApplied() {
        TopicCatchUp.Applied applied = new TopicCatchUp.Applied();
        assertThat(applied.reached(P0, 0)).as("an empty partition").isTrue();
        assertThat(applied.reached(P0, 3)).isFalse();
        applied.applied(0, 1);
        assertThat(applied.reached(P0, 3)).as("offset 2 fetched, not applied").isFalse();
        applied.applied(0, 2);
        assertThat(applied.reached(P0, 3)).isTrue();
    }

    @Test
    void itIsQuietOnlyHalfASecondAfterItsLastApplication() throws InterruptedException {
        TopicCatchUp.Applied applied = new TopicCatchUp.Applied();
        applied.applied(0, 0);
        assertThat(applied.quiet()).isFalse();
        Thread.sleep(600);
        assertThat(applied.quiet()).isTrue();
    }
}
