package io.vaxline.booking.people;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A member of a household, who can be booked for. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    @Id
    public String personId;
    public String householdId;
    public String name;
    public int birthYear;
    public LocalDate birthDate;
    public String idNumberHash;
    /** Condition codes, comma-separated. */
    public String conditions;
    public String occupation;
    public String language;
    public String email;
    public Instant createdAt;

    public List<String> conditionList() {
        return conditions == null || conditions.isBlank() ? List.of() : Arrays.asList(conditions.split(","));
    }
}
