package io.vaxline.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.junit.jupiter.api.Test;

/**
 * The production profile never defaults to a stand-in: with application.properties as it is and no
 * environment, the notifier refuses to start until an SMS channel is chosen, refuses the recording
 * channel and the mock mailer unless the notifier says it is part of a local stack, and takes them when
 * a local stack chooses them by name. No Quarkus here: the profiles as application.properties resolves
 * them, with the environment variables a deployment would set, through the check the notifier runs at
 * start-up.
 */
class ChannelChoiceTest {

    @Test
    void productionWithItsDefaultsRefusesToStartUntilAChannelIsChosen() throws Exception {
        assertThat(problems("prod", Map.of())).singleElement().asString()
                .startsWith("No SMS channel is chosen: set SMS_CHANNEL (vaxline.sms.channel) to sns to text through AWS SNS.");
    }

    @Test
    void productionRefusesTheRecordingChannelAndTheMockMailerWithoutTheLocalStackOptIn() throws Exception {
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "recording"))).singleElement().asString()
                .startsWith("SMS_CHANNEL=recording sends no text and shows every one, one-time codes included, to anyone who "
                        + "can reach /inbox: it is for a local stack only.");
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "sns", "MAIL_MOCK", "true"))).singleElement().asString()
                .startsWith("MAIL_MOCK=true (quarkus.mailer.mock) sends no e-mail and shows every one at /inbox/email");
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "recording", "MAIL_MOCK", "true", "VAXLINE_LOCAL_STACK", "yes")))
                .singleElement().asString().contains("it must be true (a local stack) or false");
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "carrier-pigeon"))).singleElement().asString()
                .contains("it must be sns (AWS SNS) or, on a local stack, recording");
    }

    @Test
    void productionTakesSnsAndSmtpAndALocalStackTakesTheStandInsItChoosesByName() throws Exception {
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "sns"))).isEmpty();
        // What ./vaxline up passes to the notifier it runs in the prod profile.
        assertThat(problems("prod", Map.of("SMS_CHANNEL", "recording", "MAIL_MOCK", "true", "VAXLINE_LOCAL_STACK", "true"))).isEmpty();
        // The local-stack opt-in alone chooses nothing: the channel is still named.
        assertThat(problems("prod", Map.of("VAXLINE_LOCAL_STACK", "true"))).singleElement().asString()
                .startsWith("No SMS channel is chosen");
    }

    @Test
    void devModeAndTheTestsAreLocalStacksWithTheStandIns() throws Exception {
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = config(profile, Map.of());
            assertThat(config.getValue("vaxline.sms.channel", String.class)).isEqualTo("recording");
            assertThat(config.getValue("quarkus.mailer.mock", Boolean.class)).isTrue();
            assertThat(config.getValue(ChannelChoice.LOCAL_STACK, String.class)).isEqualTo("true");
            assertThat(problems(profile, Map.of())).isEmpty();
        }
    }

    private static List<String> problems(String profile, Map<String, String> environment) throws Exception {
        SmallRyeConfig config = config(profile, environment);
        return ChannelChoice.problems(config.getOptionalValue("vaxline.sms.channel", String.class),
                config.getOptionalValue("quarkus.mailer.mock", Boolean.class).orElse(false),
                config.getOptionalValue(ChannelChoice.LOCAL_STACK, String.class).orElse("false"));
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws Exception {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(ChannelChoiceTest.class.getResource("/application.properties")))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }
}
