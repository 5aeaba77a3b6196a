package io.vaxline.schemas;

/**
 * Header names on dead-letter records. They are the names SmallRye Reactive Messaging writes, so a
 * record parked by a Quarkus consumer and one parked by the Kafka Streams topology look the same.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetters() {
    }
}
