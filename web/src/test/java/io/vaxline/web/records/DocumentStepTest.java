package io.vaxline.web.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentStepTest {

    @Test
    void scanningAndExtractingAreOneStepOfReadingTheFile() {
        assertThat(DocumentStep.of("uploaded")).isEqualTo(DocumentStep.RECEIVED);
        assertThat(DocumentStep.of("scanning")).isEqualTo(DocumentStep.EXTRACTING);
        assertThat(DocumentStep.of("extracting")).isEqualTo(DocumentStep.EXTRACTING);
        assertThat(DocumentStep.of("ready")).isEqualTo(DocumentStep.DONE);
        assertThat(DocumentStep.of("rejected")).isEqualTo(DocumentStep.FAILED);
    }

    @Test
    void onlyDoneAndFailedStopThePageAskingAgain() {
        assertThat(DocumentStep.RECEIVED.isFinal()).isFalse();
        assertThat(DocumentStep.EXTRACTING.isFinal()).isFalse();
        assertThat(DocumentStep.DONE.isFinal()).isTrue();
        assertThat(DocumentStep.FAILED.isFinal()).isTrue();
    }

    @Test
    void aStatusRecordsAddsLaterCountsAsReceivedUntilThePagesKnowIt() {
        assertThat(DocumentStep.of("quarantined")).isEqualTo(DocumentStep.RECEIVED);
        assertThat(DocumentStep.of(null)).isEqualTo(DocumentStep.RECEIVED);
    }
}
