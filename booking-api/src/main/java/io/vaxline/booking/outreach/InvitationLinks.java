package io.vaxline.booking.outreach;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.security.KeyedHashes;
import io.vaxline.events.InvitationAcknowledged;
import io.vaxline.schemas.DerivedIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The person's own link. Its token is the HMAC-SHA256 of the invitation id under the secret pepper
 * (256 bits, base64url): unguessable, never stored (only its keyed hash, to find the invitation), and
 * the same when an invitation is published again. Opening the link the first time records the
 * acknowledgement and publishes InvitationAcknowledged once; later opens are counted.
 */
@ApplicationScoped
public class InvitationLinks {

    /** How long the request that acknowledged an invitation has to publish it before the outbox does. */
    static final Duration ACKNOWLEDGING = Duration.ofSeconds(30);

    /** What the page shows. */
    @io.quarkus.qute.TemplateData
    public record Opened(String invitationId, String campaignId, String campaignName, String message, String givenName,
            List<FormField> form, boolean answered, int clicks) {
    }

    @Inject
    Pool db;

    @Inject
    KeyedHashes hashes;

    @Inject
    PersonalData personalData;

    @Inject
    EventPublisher publisher;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    OutreachSettings settings;

    public String token(String invitationId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(HexFormat.of().parseHex(hashes.of("outreach-link", invitationId)));
    }

    public String tokenHash(String token) {
        return hashes.of("outreach-token", token);
    }

    public String link(String invitationId) {
        return settings.linkBaseUrl() + token(invitationId);
    }

    /**
     * Records an opening of the link ({@code count}: false for the page shown again after the form was
     * sent); empty for a token that is no invitation's.
     */
    public Uni<Optional<Opened>> open(String token, boolean count) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Uni.createFrom().item(Optional.empty());
        }
        return db.preparedQuery(count ? """
                UPDATE invitation SET clicks = clicks + 1, last_click_at = now(),
                       acknowledged_at = coalesce(acknowledged_at, now())
                WHERE token_hash = $1
                RETURNING invitation_id, campaign_id, patient_id, wave, clicks, acknowledged_at""" : """
                SELECT invitation_id, campaign_id, patient_id, wave, clicks, acknowledged_at FROM invitation
                WHERE token_hash = $1 AND acknowledged_at IS NOT NULL""")
                .execute(Tuple.of(tokenHash(token)))
                .map(Campaigns::first)
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(Optional.<Opened>empty())
                        : opened(found.get(), count).map(Optional::of));
    }

    private Uni<Opened> opened(Row invitation, boolean count) {
        String invitationId = invitation.getString("invitation_id");
        Uni<Void> acknowledged = count && invitation.getInteger("clicks") == 1
                ? acknowledge(invitationId, invitation.getString("campaign_id"), invitation.getInteger("wave"),
                        invitation.getOffsetDateTime("acknowledged_at").toInstant())
                : Uni.createFrom().voidItem();
        return acknowledged.chain(() -> db.preparedQuery("""
                SELECT c.name, c.message, c.form, p.sealed,
                       EXISTS (SELECT 1 FROM form_answer a WHERE a.invitation_id = $1) AS answered
                FROM invitation i JOIN campaign c ON c.campaign_id = i.campaign_id JOIN patient p ON p.patient_id = i.patient_id
                WHERE i.invitation_id = $1""").execute(Tuple.of(invitationId)))
                .map(rows -> {
                    Row details = rows.iterator().next();
                    PatientData person = personalData.open(invitation.getString("patient_id"),
                            details.getBuffer("sealed").getBytes(), PatientData.class);
                    return new Opened(invitationId, invitation.getString("campaign_id"), details.getString("name"),
                            details.getString("message"), person.givenName(), form(details), details.getBoolean("answered"),
                            invitation.getInteger("clicks"));
                });
    }

    /** Stores the answers to the campaign's form (a later submission replaces them), sealed. */
    public Uni<Optional<Map<String, Object>>> answer(String token, Map<String, List<String>> given) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Uni.createFrom().item(Optional.empty());
        }
        return db.preparedQuery("""
                SELECT i.invitation_id, i.campaign_id, c.form FROM invitation i JOIN campaign c ON c.campaign_id = i.campaign_id
                WHERE i.token_hash = $1""").execute(Tuple.of(tokenHash(token)))
                .map(Campaigns::first)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Map<String, Object>>empty());
                    }
                    Row row = found.get();
                    List<FormField> form = form(row);
                    if (form.isEmpty()) {
                        throw new io.vaxline.problems.StateConflict("This campaign has no form to answer");
                    }
                    Map<String, Object> answers = FormField.answer(form, given);
                    String invitationId = row.getString("invitation_id");
                    return db.preparedQuery("""
                            INSERT INTO form_answer (invitation_id, campaign_id, answers, answered_at) VALUES ($1, $2, $3, now())
                            ON CONFLICT (invitation_id) DO UPDATE SET answers = EXCLUDED.answers, answered_at = now()""")
                            .execute(Tuple.of(invitationId, row.getString("campaign_id"),
                                    Buffer.buffer(personalData.seal(invitationId, answers))))
                            .replaceWith(Optional.of(answers));
                });
    }

    /**
     * Acknowledgements that did not reach Kafka when the link was opened (publishing failed, or a crash);
     * younger ones are left to the request that made them, which may be publishing them right now.
     */
    Uni<Void> publishPendingAcknowledgements() {
        return db.preparedQuery("SELECT invitation_id, campaign_id, wave, acknowledged_at FROM invitation "
                + "WHERE acknowledged_at < $1 AND NOT ack_published LIMIT 1000")
                .execute(Tuple.of(Campaigns.utc(Instant.now().minus(ACKNOWLEDGING))))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(r -> acknowledge(r.getString("invitation_id"),
                        r.getString("campaign_id"), r.getInteger("wave"), r.getOffsetDateTime("acknowledged_at").toInstant()))
                .onItem().ignoreAsUni();
    }

    /** Publishes InvitationAcknowledged and marks it published; a failure is left to the outbox. */
    private Uni<Void> acknowledge(String invitationId, String campaignId, int wave, Instant at) {
        return publisher.outreach(invitationId, InvitationAcknowledged.newBuilder()
                        .setEventId(DerivedIds.of("acknowledged", invitationId))
                        .setOccurredAt(at).setInvitationId(invitationId).setCampaignId(campaignId).setWave(wave).build())
                .chain(() -> db.preparedQuery("UPDATE invitation SET ack_published = true WHERE invitation_id = $1")
                        .execute(Tuple.of(invitationId)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Acknowledgement of invitation %s not published yet (the outbox tries again): %s", invitationId,
                            e.getMessage());
                    return null;
                });
    }

    private List<FormField> form(Row row) {
        try {
            return List.of(json.readValue(row.getValue("form").toString(), FormField[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the form of a campaign is not readable", e);
        }
    }
}
