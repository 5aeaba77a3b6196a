package io.vaxline.booking.people;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The one-time code last sent to a phone, as a keyed hash, with its expiry and wrong guesses so far. */
@Entity
@Table(name = "otp_challenge")
public class OtpChallenge extends PanacheEntityBase {

    @Id
    public String householdId;
    public String codeHash;
    public Instant expiresAt;
    public int attempts;
    public Instant createdAt;
}
