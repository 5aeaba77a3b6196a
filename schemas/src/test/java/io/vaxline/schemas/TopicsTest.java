package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class TopicsTest {

    /** Namespace of scheduler-stream's own state, which lives only in its changelog and repartition topics. */
    private static final String INTERNAL = "io.vaxline.internal.";

    @Test
    void everyGeneratedRecordTypeHasATopic() {
        Set<String> onTopics = Topics.ALL.stream().flatMap(t -> t.valueTypes().stream())
                .map(Class::getName).collect(Collectors.toSet());
        Set<String> topLevelSchemas = SchemaFiles.read(SchemaFiles.CURRENT).keySet().stream()
                .filter(name -> !name.startsWith(INTERNAL)).collect(Collectors.toSet());

        assertThat(onTopics).containsExactlyInAnyOrderElementsOf(topLevelSchemas);
    }

    @Test
    void eachRecordTypeLivesOnExactlyOneTopic() {
        assertThat(Topics.ALL.stream().flatMap(t -> t.valueTypes().stream())).doesNotHaveDuplicates();
        assertThat(Topics.forValueType(io.vaxline.events.SlotAvailability.class)).isEqualTo(Topics.SLOT_AVAILABILITY);
    }

    @Test
    void clinicKeyedTopicsAreCoPartitioned() {
        assertThat(Stream.of(Topics.CLINICS, Topics.CLINIC_CAPACITY, Topics.BOOKING_EVENTS, Topics.SLOT_AVAILABILITY)
                .map(TopicSpec::partitions).distinct()).hasSize(1);
    }

    @Test
    void topicNamesAreKebabCaseAndUnique() {
        assertThat(Topics.ALL).extracting(TopicSpec::name).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void onlyPeopleCodesOutreachContactsTheAdministratorsAuditCareRecordsAndVideoRoomsAreRestricted() {
        assertThat(Topics.ALL.stream().filter(TopicSpec::restricted))
                .containsExactlyInAnyOrder(Topics.PEOPLE, Topics.ONE_TIME_CODES, Topics.NOTIFICATION_REQUESTS, Topics.ADMIN_AUDIT,
                        Topics.PRESCRIPTIONS, Topics.DOCUMENT_UPLOADED, Topics.CARE_APPOINTMENTS);
    }

    @Test
    void oneTimeCodesHaveATopicOfTheirOwn() {
        assertThat(Topics.forValueType(io.vaxline.events.OtpRequested.class)).isEqualTo(Topics.ONE_TIME_CODES);
        assertThat(Topics.ONE_TIME_CODES.valueTypes()).containsExactly(io.vaxline.events.OtpRequested.class);
        assertThat(Topics.ONE_TIME_CODES.deadLetterTopic()).isEqualTo("one-time-codes-dlq");
    }
}
