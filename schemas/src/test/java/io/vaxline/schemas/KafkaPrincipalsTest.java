package io.vaxline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaPrincipalsTest {

    private static final String BEGIN = "<!-- kafka-principals:begin (generated from KafkaPrincipals) -->\n";
    private static final String END = "<!-- kafka-principals:end -->";

    @Test
    void theArchitectureDocumentShowsTheCataloguesTable() throws IOException {
        Path doc = Path.of("..", "docs", "architecture.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("the markers in " + doc).isNotNegative();
        String shown = text.substring(begin + BEGIN.length(), end);
        assertThat(shown).as("docs/architecture.md's table of principals is not the one KafkaPrincipals makes; "
                + "paste this between the markers:\n" + KafkaPrincipals.markdownTable())
                .isEqualTo(KafkaPrincipals.markdownTable());
    }

    @Test
    void analystsAreGrantedNoTopicWithPersonalDataOrSecretsNorItsDeadLetters() {
        List<String> readable = topicsGranted(KafkaPrincipals.ANALYST_PRINCIPAL.acls(), AclOperation.READ);
        for (TopicSpec topic : Topics.ALL) {
            boolean hidden = topic.restricted();
            assertThat(readable.contains(topic.name())).as(topic.name()).isEqualTo(!hidden);
            assertThat(readable.contains(topic.deadLetterTopic())).as(topic.deadLetterTopic()).isEqualTo(!hidden);
        }
        assertThat(topicsGranted(KafkaPrincipals.ANALYST_PRINCIPAL.acls(), AclOperation.WRITE)).isEmpty();
    }

    @Test
    void aClinicSystemMayOnlyWriteDoses() {
        assertThat(KafkaPrincipals.clinic("clinic-north").acls()).singleElement().satisfies(acl -> {
            assertThat(acl.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
            assertThat(acl.pattern().name()).isEqualTo(Topics.VACCINATIONS.name());
            assertThat(acl.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(acl.entry().operation()).isEqualTo(AclOperation.WRITE);
            assertThat(acl.entry().principal()).isEqualTo("User:clinic-north");
        });
    }

    @Test
    void careWritesOnlyItsPaymentEventsAndCareAppointmentsAndIsTheirOnlyWriter() {
        assertThat(KafkaPrincipals.CARE.acls()).hasSize(2).allSatisfy(acl -> {
            assertThat(acl.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
            assertThat(acl.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(acl.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
        assertThat(topicsGranted(KafkaPrincipals.CARE.acls(), AclOperation.WRITE))
                .containsExactlyInAnyOrder(Topics.PAYMENT_EVENTS.name(), Topics.CARE_APPOINTMENTS.name());
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            assertThat(topicsGranted(principal.acls(), AclOperation.WRITE).contains(Topics.PAYMENT_EVENTS.name()))
                    .as(principal.name()).isEqualTo(principal == KafkaPrincipals.CARE);
            assertThat(topicsGranted(principal.acls(), AclOperation.WRITE).contains(Topics.CARE_APPOINTMENTS.name()))
                    .as(principal.name()).isEqualTo(principal == KafkaPrincipals.CARE);
        }
    }

    /** The video consultations' room links: restricted, and read by the notifier alone (which sends them). */
    @Test
    void onlyTheNotifierReadsCareAppointments() {
        assertThat(Topics.CARE_APPOINTMENTS.restricted()).isTrue();
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            assertThat(topicsGranted(principal.acls(), AclOperation.READ).contains(Topics.CARE_APPOINTMENTS.name()))
                    .as(principal.name()).isEqualTo(principal == KafkaPrincipals.NOTIFIER);
        }
    }

    @Test
    void pharmaciesReadPrescriptionsAndNothingElseAndWriteNothing() {
        List<AclBinding> acls = KafkaPrincipals.PHARMACIES.acls();
        assertThat(topicsGranted(acls, AclOperation.READ)).containsExactly(Topics.PRESCRIPTIONS.name());
        assertThat(topicsGranted(acls, AclOperation.WRITE)).isEmpty();
        assertThat(acls).filteredOn(a -> a.pattern().resourceType() == ResourceType.GROUP)
                .singleElement().satisfies(acl -> {
                    assertThat(acl.pattern().name()).isEqualTo("pharmacy-");
                    assertThat(acl.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
                });
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            assertThat(topicsGranted(principal.acls(), AclOperation.WRITE).contains(Topics.PRESCRIPTIONS.name()))
                    .as(principal.name()).isEqualTo(principal == KafkaPrincipals.RECORDS);
        }
    }

    @Test
    void noServiceButTheOnesThatOwnThemWritesBookingOutcomesOrDoses() {
        for (KafkaPrincipals.Principal principal : KafkaPrincipals.ALL) {
            List<String> written = topicsGranted(principal.acls(), AclOperation.WRITE);
            assertThat(written.contains(Topics.BOOKING_EVENTS.name())).as(principal.name())
                    .isEqualTo(principal == KafkaPrincipals.SCHEDULER_STREAM);
            assertThat(written.contains(Topics.VACCINATIONS.name())).as(principal.name())
                    .isEqualTo(principal == KafkaPrincipals.BOOKING_API || principal == KafkaPrincipals.LOCAL_CLINIC_PRINCIPAL);
        }
    }

    private static List<String> topicsGranted(List<AclBinding> acls, AclOperation operation) {
        return acls.stream().filter(a -> a.pattern().resourceType() == ResourceType.TOPIC)
                .filter(a -> a.entry().operation() == operation || a.entry().operation() == AclOperation.ALL)
                .map(a -> a.pattern().name()).toList();
    }
}
