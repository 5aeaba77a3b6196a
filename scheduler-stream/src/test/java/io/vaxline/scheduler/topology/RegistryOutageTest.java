package io.vaxline.scheduler.topology;

import static io.vaxline.scheduler.topology.Fixtures.STOCKHOLM;
import static io.vaxline.scheduler.topology.Fixtures.book;
import static io.vaxline.scheduler.topology.Fixtures.clinic;
import static io.vaxline.scheduler.topology.Fixtures.local;
import static io.vaxline.scheduler.topology.Fixtures.session;
import static io.vaxline.scheduler.topology.SeatDecisionTest.booked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.vaxline.scheduler.domain.ReminderSchedule;
import io.vaxline.scheduler.domain.Retention;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.TopicSpec;
import io.vaxline.schemas.Topics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A schema registry that cannot be reached is waited for: nothing it touches is dead-lettered. */
class RegistryOutageTest {

    private static final LocalDate DAY = LocalDate.of(2030, 3, 4);
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final Instant NINE = local(DAY, "09:00", STOCKHOLM);

    private final FlakyRegistry registry = new FlakyRegistry();
    private TopologyTestSupport topology;

    @BeforeEach
    void givenAClinicWhoseSchemasTheStreamHasNotReadYet() {
        topology = new TopologyTestSupport(NOW, ReminderSchedule.DEFAULT, Retention.DEFAULT, new RecordDecoder(registry));
        topology.send(Topics.CLINICS, "c1", clinic("c1", STOCKHOLM));
        topology.send(Topics.CLINIC_CAPACITY, "c1", session("c1", "s1", DAY, "09:00", "10:00", 2, 0));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aBookingReadWhileTheRegistryIsBrieflyDownIsDecidedOnceItIsBack() {
        registry.failNext(3);

        topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false));

        assertThat(registry.refused()).as("the registry was down when the command was read").isEqualTo(3);
        assertThat(booked(topology.bookingEvents(), "r1")).isTrue();
        assertNothingParked();
    }

    @Test
    void aLongerOutageFailsTheTaskInsteadOfParkingTheRecord() {
        registry.failNext(Integer.MAX_VALUE);

        // The task fails, so a replaced stream thread reads the command again from its committed offset.
        assertThatThrownBy(() -> topology.send(Topics.BOOKING_COMMANDS, "p1", book("r1", "p1", "c1", NINE, false)))
                .hasRootCauseInstanceOf(ConnectException.class);
        assertThat(topology.bookingEvents()).isEmpty();
        assertNothingParked();
    }

    private void assertNothingParked() {
        for (TopicSpec topic : List.of(Topics.BOOKING_COMMANDS, Topics.BOOKING_EVENTS, Topics.CLINICS, Topics.CLINIC_CAPACITY)) {
            assertThat(topology.rawRecords(topic.deadLetterTopic())).as(topic.deadLetterTopic()).isEmpty();
        }
    }

    /** The in-memory registry, refusing connections for as many calls as it is told to. */
    private static final class FlakyRegistry implements RegistryClientFacade {

        private final RegistryClientFacade registry = TopologyTestSupport.REGISTRY;
        private final AtomicInteger toFail = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();

        void failNext(int calls) {
            toFail.set(calls);
        }

        int refused() {
            return refused.get();
        }

        private void reach() {
            if (toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.incrementAndGet();
                throw new UncheckedIOException(new ConnectException("Connection refused: registry"));
            }
        }

        @Override
        public String getSchemaByContentId(Long contentId) {
            reach();
            return registry.getSchemaByContentId(contentId);
        }

        @Override
        public String getSchemaByGlobalId(long globalId, boolean dereferenced) {
            reach();
            return registry.getSchemaByGlobalId(globalId, dereferenced);
        }

        @Override
        public String getSchemaByGAV(String groupId, String artifactId, String version) {
            reach();
            return registry.getSchemaByGAV(groupId, artifactId, version);
        }

        @Override
        public String getSchemaByContentHash(String contentHash) {
            reach();
            return registry.getSchemaByContentHash(contentHash);
        }

        @Override
        public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
            reach();
            return registry.getReferencesByContentId(contentId);
        }

        @Override
        public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
            reach();
            return registry.getReferencesByGlobalId(globalId);
        }

        @Override
        public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
            reach();
            return registry.getReferencesByGAV(groupId, artifactId, version);
        }

        @Override
        public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
            reach();
            return registry.getReferencesByContentHash(contentHash);
        }

        @Override
        public List<RegistryVersionCoordinates> searchVersionsByContent(String content, String artifactType,
                ArtifactReference reference, boolean canonical) {
            reach();
            return registry.searchVersionsByContent(content, artifactType, reference, canonical);
        }

        @Override
        public RegistryVersionCoordinates createSchema(String artifactType, String groupId, String artifactId,
                String version, String ifExists, boolean canonical, String content, Set<RegistryArtifactReference> references) {
            reach();
            return registry.createSchema(artifactType, groupId, artifactId, version, ifExists, canonical, content, references);
        }

        @Override
        public RegistryVersionCoordinates getVersionCoordinatesByGAV(String groupId, String artifactId, String version) {
            reach();
            return registry.getVersionCoordinatesByGAV(groupId, artifactId, version);
        }

        @Override
        public Object getClient() {
            return registry.getClient();
        }
    }
}
