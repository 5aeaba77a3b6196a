package io.vaxline.notifier.channel;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.notifier.NotifierSettings;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * SMS through AWS SNS: {@code Publish} straight to a phone number as a transactional SMS, with an
 * optional sender ID. The endpoint is configurable so that LocalStack (or any SNS-compatible
 * endpoint) stands in for AWS. The SDK's own retries are off: the dispatcher retries, so that every
 * attempt is audited. SNS takes no idempotency key for SMS, so a message whose outcome a crash or a
 * timeout hid is sent once more. Each call is bounded by {@code vaxline.sns.timeout}, which must be
 * shorter than the delivery lease: the lease keeps every other claimer away while a call may still be
 * under way.
 */
@ApplicationScoped
@LookupIfProperty(name = "vaxline.sms.channel", stringValue = "sns")
public class SnsSmsChannel implements SmsChannel {

    static final String SMS_TYPE = "AWS.SNS.SMS.SMSType";
    static final String SENDER_ID = "AWS.SNS.SMS.SenderID";

    @Inject
    SnsSettings settings;

    @Inject
    NotifierSettings notifier;

    private SnsClient client;

    @PostConstruct
    void connect() {
        if (settings.timeout().compareTo(notifier.deliveryLease()) >= 0) {
            throw new IllegalStateException("vaxline.sns.timeout (" + settings.timeout() + ") must be shorter than "
                    + "vaxline.notifier.delivery-lease (" + notifier.deliveryLease() + "), or a second claimer could "
                    + "hand a text over while the first call is still under way");
        }
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        SnsClientBuilder builder = SnsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(settings.timeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        client = builder.build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Uni<String> send(String idempotencyKey, String phone, String text) {
        return Uni.createFrom().item(() -> publish(phone, text))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public boolean honoursIdempotencyKey() {
        return false;
    }

    @Override
    public java.time.Duration longestCall() {
        return settings.timeout();
    }

    private String publish(String phone, String text) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(SMS_TYPE, MessageAttributeValue.builder().dataType("String").stringValue(settings.smsType()).build());
        settings.senderId().ifPresent(id -> attributes.put(SENDER_ID,
                MessageAttributeValue.builder().dataType("String").stringValue(id).build()));
        try {
            return client.publish(PublishRequest.builder()
                    .phoneNumber(phone).message(text).messageAttributes(attributes).build()).messageId();
        } catch (SnsException e) {
            String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
            boolean retryable = e.statusCode() == 429 || e.statusCode() >= 500 || e.isThrottlingException()
                    || "Throttling".equals(code) || "ThrottledException".equals(code);
            throw new DeliveryException("SNS refused the message: " + code + " (HTTP " + e.statusCode() + "): "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), retryable, e);
        } catch (SdkClientException e) {
            throw new DeliveryException("SNS could not be reached: " + e.getMessage(), true, e);
        }
    }
}
