package io.vaxline.certificates.model;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A dose given to a person, as reported on the vaccinations topic. */
@Entity
@Table(name = "vaccination")
public class Vaccination extends PanacheEntityBase {

    @Id
    public String eventId;
    public String personId;
    public String clinicId;
    public String appointmentId;
    public String targetDisease;
    public String vaccineType;
    public String product;
    public String manufacturer;
    public String lot;
    public int doseNumber;
    public int seriesDoses;
    public Instant administeredAt;
    public String country;
    public String vaccinator;
    public Instant recordedAt;
    /** For a correction: the event it replaces. */
    public String correctsEventId;
    public String correctionReason;
}
