package io.vaxline.records.pharmacies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vaxline.problems.InvalidInput;

/** Pharmacies, their keys (kept as hashes) and the pharmacy each patient chose. */
@ApplicationScoped
public class Pharmacies {

    public record Pharmacy(String pharmacyId, String name) {
    }

    /** A newly registered pharmacy with its key, which is shown this once. */
    public record Registered(String pharmacyId, String name, String apiKey) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DataSource db;

    public Registered register(String name) {
        String id = "pharmacy-" + UUID.randomUUID();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "phk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO pharmacy (pharmacy_id, name, key_hash) VALUES (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, name);
            insert.setString(3, hash(key));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Registered(id, name, key);
    }

    public Optional<String> byKey(String key) {
        try (Connection c = db.getConnection();
                PreparedStatement find = c.prepareStatement("SELECT pharmacy_id FROM pharmacy WHERE key_hash = ?")) {
            find.setString(1, hash(key));
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Pharmacy> all() {
        List<Pharmacy> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement list = c.prepareStatement("SELECT pharmacy_id, name FROM pharmacy ORDER BY name, pharmacy_id");
                ResultSet rs = list.executeQuery()) {
            while (rs.next()) {
                found.add(new Pharmacy(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    public void choose(String personId, String pharmacyId) {
        try (Connection c = db.getConnection();
                PreparedStatement upsert = c.prepareStatement("INSERT INTO pharmacy_choice (person_id, pharmacy_id, chosen_at) "
                        + "SELECT ?, pharmacy_id, ? FROM pharmacy WHERE pharmacy_id = ? ON CONFLICT (person_id) DO UPDATE "
                        + "SET pharmacy_id = EXCLUDED.pharmacy_id, chosen_at = EXCLUDED.chosen_at")) {
            upsert.setString(1, personId);
            upsert.setTimestamp(2, Timestamp.from(Instant.now()));
            upsert.setString(3, pharmacyId);
            if (upsert.executeUpdate() == 0) {
                throw new InvalidInput("pharmacyId", "There is no pharmacy " + pharmacyId + " (GET /pharmacies lists them).");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> chosenBy(String personId) {
        try (Connection c = db.getConnection();
                PreparedStatement find = c.prepareStatement("SELECT pharmacy_id FROM pharmacy_choice WHERE person_id = ?")) {
            find.setString(1, personId);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
