package io.vaxline.booking.people;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The people who share one phone number; found by the keyed hash of the number, never by the number. */
@Entity
@Table(name = "household")
public class Household extends PanacheEntityBase {

    @Id
    public String householdId;
    public String phone;
    public Instant createdAt;
}
