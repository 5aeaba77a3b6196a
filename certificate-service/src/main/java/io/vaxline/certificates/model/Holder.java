package io.vaxline.certificates.model;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The person a certificate is for, from PersonRegistered on the people topic, as PersonCorrected last corrected them. */
@Entity
@Table(name = "holder")
public class Holder extends PanacheEntityBase {

    @Id
    public String personId;
    public String name;
    public LocalDate birthDate;
    public int birthYear;
    public Instant registeredAt;
    /** The PersonCorrected whose details these are, or null for the details registered. */
    public String correctedByEventId;
}
