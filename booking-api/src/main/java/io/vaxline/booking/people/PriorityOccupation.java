package io.vaxline.booking.people;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An occupation or industry whose people an administrator has put in the priority groups. */
@Entity
@Table(name = "priority_occupation")
public class PriorityOccupation extends PanacheEntityBase {

    @Id
    public String code;
    public String description;
    public Instant markedAt;
}
