package io.vaxline.notifier.contacts;

/** How to reach a person: taken from the people topic, the only topic with phone numbers; the e-mail address is optional. */
public record Contact(String personId, String name, String phone, String language, String email) {
}
