package io.vaxline.bench.drills;

/** One failure drill against the whole running system. */
interface Drill {

    /** Short, for selecting it on the command line, e.g. {@code poison}. */
    String name();

    /** What is done, as the report's table says it. */
    String title();

    /** How many Kafka brokers the stack it runs on has: 1, or 3 for drills of a broker's loss. */
    default int brokers() {
        return 1;
    }

    /** Returns what held; throws AssertionError with what did not. */
    String run(DrillContext context) throws Exception;
}
