package io.vaxline.certificates.model;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An input event whose effect is already in the database; seeing it again changes nothing. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    public String eventId;
    public Instant processedAt;

    public static ProcessedEvent of(String eventId, Instant processedAt) {
        ProcessedEvent event = new ProcessedEvent();
        event.eventId = eventId;
        event.processedAt = processedAt;
        return event;
    }
}
