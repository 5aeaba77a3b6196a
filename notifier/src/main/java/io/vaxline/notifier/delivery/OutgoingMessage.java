package io.vaxline.notifier.delivery;

/**
 * One message to one address on one channel, caused by one event.
 *
 * @param sourceEventId the event that caused it: with the channel, the idempotency key
 * @param kind what it is (booking-confirmation, appointment-reminder, one-time-code, outreach-invitation, ...)
 * @param personId whom it is for, where the event names a person
 * @param channel {@link Dispatcher#SMS} or {@link Dispatcher#EMAIL}
 * @param address the phone number (E.164) or e-mail address
 * @param subject the e-mail's subject (null for a text)
 * @param attachment a file the e-mail carries (null for none, and always for a text)
 */
public record OutgoingMessage(String sourceEventId, String kind, String personId, String channel, String address,
        String subject, String text, Attachment attachment) {

    /** A file attached to an e-mail. */
    public record Attachment(String name, String contentType, byte[] content) {
    }

    public static OutgoingMessage sms(String sourceEventId, String kind, String personId, String phone, String text) {
        return new OutgoingMessage(sourceEventId, kind, personId, Dispatcher.SMS, phone, null, text, null);
    }

    public static OutgoingMessage email(String sourceEventId, String kind, String personId, String address, String subject,
            String text) {
        return email(sourceEventId, kind, personId, address, subject, text, null);
    }

    public static OutgoingMessage email(String sourceEventId, String kind, String personId, String address, String subject,
            String text, Attachment attachment) {
        return new OutgoingMessage(sourceEventId, kind, personId, Dispatcher.EMAIL, address, subject, text, attachment);
    }
}
