package io.vaxline.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The pages' words in English; messages/msg_sv.properties and msg_es.properties hold Swedish and Spanish. */
@MessageBundle("msg")
public interface Msg {

    @Message("Skip to the content")
    String skip();

    @Message("Languages")
    String languages();

    @Message("Book your vaccination")
    String login_title();

    @Message("No account needed: we text you a code.")
    String login_intro();

    @Message("Mobile phone number")
    String phone();

    @Message("In international form, e.g. +46701234567")
    String phone_hint();

    @Message("Text me a code")
    String send_code();

    @Message("Enter the code")
    String code_title();

    @Message("We texted a six-digit code to {phone}. It works for 5 minutes.")
    String code_intro(String phone);

    @Message("Code")
    String code();

    @Message("Log in")
    String log_in();

    @Message("Log out")
    String log_out();

    @Message("Your household")
    String household_title();

    @Message("Book")
    String book();

    @Message("Born {year}")
    String born(Object year);

    @Message("Add a person")
    String add_person();

    @Message("Name")
    String name();

    @Message("Year of birth")
    String birth_year();

    @Message("Add")
    String add();

    @Message("Appointments")
    String appointments_title();

    @Message("No appointments yet.")
    String no_appointments();

    @Message("Confirmation code")
    String confirmation();

    @Message("Cancel")
    String cancel();

    @Message("cancelled")
    String cancelled();

    @Message("Booked. The confirmation is on its way by SMS.")
    String booked();

    @Message("Choose a clinic")
    String clinics_title();

    @Message("Day")
    String day();

    @Message("Show")
    String show();

    @Message("{km} km away · {free} free times")
    String clinic_line(Object km, Object free);

    @Message("No clinic has a free time that day. Try another day.")
    String no_clinics();

    @Message("Choose a time")
    String slots_title();

    @Message("That time was just taken by someone else. These times are still free:")
    String slot_taken();

    @Message("No free times left that day.")
    String no_slots();

    @Message("Book this time")
    String book_this();

    @Message("Booking…")
    String waiting_title();

    @Message("Your booking is being confirmed. This page checks again by itself.")
    String waiting_intro();

    @Message("Check now")
    String check_now();

    @Message("Something went wrong")
    String error_title();
}
