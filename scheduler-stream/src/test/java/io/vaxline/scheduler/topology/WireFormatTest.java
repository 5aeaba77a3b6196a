package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;

import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.Test;

/** The in-memory registry changes where schemas live, not how records are framed. */
class WireFormatTest {

    @Test
    void outputsCarryTheMagicByteAndTheRegisteredContentIdOfTheirSchema() {
        try (TopologyTestSupport topology = new TopologyTestSupport(Instant.parse("2030-01-01T00:00:00Z"))) {
            topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
            topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", LocalDate.of(2030, 1, 15), "09:00", "10:00", 2, 0));

            topology.emitViews();
            byte[] view = topology.rawRecords(Topics.SLOT_AVAILABILITY.name()).get(0).value();
            assertThat(view[0]).isZero();
            long contentId = ByteBuffer.wrap(view, 1, 4).getInt();
            assertThat(TopologyTestSupport.REGISTRY.getSchemaByContentId(contentId)).contains("\"SlotAvailability\"");
        }
    }
}
