package io.vaxline.bench.drills;

/** One failure drill against the whole running system. */
interface Drill {

    /** Short, for selecting it on the command line, e.g. {@code poison}. */
    String name();

    /** What is done, as the report's table says it. */
    String title();

    /** Returns what held; throws AssertionError with what did not. */
    String run(DrillContext context) throws Exception;
}
