package io.vaxline.notifier.delivery;

/**
 * One text to one phone number, caused by one event.
 *
 * @param sourceEventId the event that caused it: with the channel, the idempotency key
 * @param kind what it is (booking-confirmation, appointment-reminder, one-time-code, ...)
 * @param personId whom it is for, where the event names a person
 */
public record OutgoingSms(String sourceEventId, String kind, String personId, String phone, String text) {
}
