package io.vaxline.web.dashboard;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The dashboard's words in English; messages/dash_sv.properties and dash_es.properties hold Swedish and Spanish. */
@MessageBundle("dash")
public interface DashboardMsg {

    @Message("Programme dashboard")
    String title();

    @Message("Counts from the event log, updated as they happen. No person can be identified here.")
    String intro();

    @Message("Live: the figures update by themselves.")
    String live();

    @Message("Connection lost, trying again…")
    String reconnecting();

    @Message("Refresh")
    String refresh();

    @Message("Bookings today")
    String bookings_today();

    @Message("Doses today")
    String doses_today();

    @Message("People with a dose")
    String people_vaccinated();

    @Message("Free seats, next 7 days")
    String free_seats_7d();

    @Message("No-shows")
    String no_shows();

    @Message("Dead letters")
    String dead_letters();

    @Message("Bookings per day, last 14 days")
    String bookings_by_day();

    @Message("Doses per day, last 14 days")
    String doses_by_day();

    @Message("Day")
    String day();

    @Message("Bar")
    String bar();

    @Message("Number")
    String number();

    @Message("People with a dose, by age band")
    String coverage_age();

    @Message("Age band")
    String age_band();

    @Message("People with a dose, by priority group")
    String coverage_priority();

    @Message("Group")
    String group();

    @Message("Priority group")
    String priority();

    @Message("Not in a priority group")
    String not_priority();

    @Message("Unknown")
    String unknown();

    @Message("Free seats for the next 7 days")
    String free_seats_title();

    @Message("Seats anyone can still book, by clinic and day; slots that have started are left out.")
    String free_seats_intro();

    @Message("Clinic")
    String clinic();

    @Message("Total")
    String total();

    @Message("No clinic has sessions in the next 7 days.")
    String no_free_seats();

    @Message("Stock")
    String stock_title();

    @Message("As the booking ledger keeps it: doses on hand are what the clinic reported (the sum of its stock adjustments); committed are doses promised to confirmed appointments booked since the clinic first reported stock; free is what can still be promised. Giving a dose does not lower the stock by itself: the clinic reports it. Clinics that never reported stock are not limited and not listed.")
    String stock_intro();

    @Message("Service")
    String service();

    @Message("On hand")
    String on_hand();

    @Message("Committed")
    String committed();

    @Message("Free to promise")
    String free();

    @Message("No clinic has reported stock.")
    String no_stock();

    @Message("No-shows by clinic")
    String no_shows_title();

    @Message("Appointments whose slot ended more than an hour ago with no dose recorded for the person at that clinic since the booking.")
    String no_shows_intro();

    @Message("No no-shows.")
    String no_no_shows();

    @Message("Messages")
    String messages_title();

    @Message("Channel")
    String channel();

    @Message("Sent")
    String sent();

    @Message("Failed for good")
    String failed();

    @Message("SMS")
    String sms();

    @Message("E-mail")
    String email();

    @Message("Certificates")
    String certificates_title();

    @Message("Issued")
    String issued();

    @Message("Revoked")
    String revoked();

    @Message("Dead letters by topic")
    String dead_letters_title();

    @Message("Records parked on each topic's dead-letter topic because they could not be read or acted on.")
    String dead_letters_intro();

    @Message("Topic")
    String topic();
}
