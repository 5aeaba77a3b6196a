package io.vaxline.scheduler.topology;

import io.vaxline.schemas.Outages;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Runs a processor and parks a record it throws on (a value no rule foresaw) on the dead-letter topic
 * of the topic it came from, with the reason, in the same exactly-once transaction, instead of letting
 * the exception stop the stream thread, which under exactly_once_v2 would read the same record again
 * and stop again. An outage is the exception: it is thrown on, so the task is retried and the record
 * is processed once the server is back.
 *
 * <p>Kafka Streams' own processing exception handler (KIP-1033) cannot write a record in 4.1, only
 * drop it or fail; so the processors are wrapped here, and the handler ({@link ProcessingFailures})
 * fails on whatever still reaches it.
 */
final class ParkOnFailure implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(ParkOnFailure.class);

    private final String name;
    private final Processor<String, SpecificRecord, String, SpecificRecord> processor;
    private ProcessorContext<String, SpecificRecord> context;

    ParkOnFailure(String name, Processor<String, SpecificRecord, String, SpecificRecord> processor) {
        this.name = name;
        this.processor = processor;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        processor.init(context);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        try {
            processor.process(record);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                throw e;
            }
            String reason = name + " could not process " + record.value().getClass().getSimpleName() + ": " + e;
            LOG.warnf("Parking a record on its dead-letter topic: %s", reason);
            context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                    OutputRouting.deadLetter(context, record.value(), reason, e.getCause())));
        }
    }

    @Override
    public void close() {
        processor.close();
    }
}
