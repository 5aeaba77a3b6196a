package io.vaxline.scheduler.topology;

import java.util.Map;

import io.vaxline.schemas.Outages;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * scheduler-stream's {@code processing.exception.handler}. The processors that apply rules park
 * the records they cannot handle themselves ({@link ParkOnFailure}, {@link DecodeProcessor}), in the
 * same transaction; what reaches this handler is an outage that outlasted the processor's patience,
 * or a fault in the topology's plumbing. Neither may be dropped, which is all CONTINUE could do in
 * Kafka 4.1: so it fails, the stream thread is replaced ({@link TopologyProducer#uncaughtExceptions})
 * and the record is read again from its committed offset.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ProcessingFailures.class);

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (Outages.isOutage(exception)) {
            LOG.warnf("Waiting out an outage at %s of %s-%d@%d: %s", context.processorNodeId(), context.topic(),
                    context.partition(), context.offset(), exception.getMessage());
        } else {
            LOG.errorf(exception, "Failed at %s on %s-%d@%d; the record is read again after the thread restarts",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset());
        }
        return ProcessingHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
