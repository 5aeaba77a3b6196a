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

    @Message("Correct details")
    String correct_details();

    @Message("Certificates that show the old name or date of birth are issued again, and the old ones stop being valid.")
    String correct_hint();

    @Message("Date of birth (if you know it)")
    String birth_date();

    @Message("E-mail address (optional)")
    String email();

    @Message("Language of our messages")
    String message_language();

    @Message("What was wrong (optional)")
    String correction_reason();

    @Message("Save the correction")
    String save_correction();

    @Message("The details are corrected. Certificates with the old details are being issued again.")
    String corrected_notice();

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

    @Message("Wait for a seat")
    String wait_for_seat();

    @Message("When a time frees on this day, it is held for the first in line, who gets a text with a link to book it.")
    String wait_hint();

    @Message("You are number {position} in line for this day. We will text you when a time frees.")
    String waiting_in_line(int position);

    @Message("You are in line for this day. We will text you when a time frees.")
    String waiting_taken();

    @Message("Leave the line")
    String leave_waitlist();

    @Message("You have left the line for this day.")
    String left_waitlist();

    @Message("A time is held for you")
    String offer_title();

    @Message("A time you waited for has freed and is held for you for a short while: book it before the hold ends (the text says when), or it goes to the next in line.")
    String offer_intro();

    @Message("Booking…")
    String waiting_title();

    @Message("Your booking is being confirmed. This page checks again by itself.")
    String waiting_intro();

    @Message("Check now")
    String check_now();

    @Message("Something went wrong")
    String error_title();
    @Message("Vaccination ({service}) at {clinic}")
    String calendar_summary(String service, String clinic);

    @Message("Confirmation code: {code}. Bring an ID document.")
    String calendar_description(String code);

    @Message("{name} can book from {date}, when they turn {age}.")
    String eligible_from(Object name, Object date, Object age);

    @Message("Change time")
    String reschedule();

    @Message("Add to calendar")
    String add_to_calendar();

    @Message("Your appointment has a new time. A text with the new confirmation code is on its way.")
    String moved();

    @Message("The appointment is cancelled.")
    String cancelled_notice();

    @Message("Certificates")
    String certificates_title();

    @Message("No certificates yet.")
    String no_certificates();

    @Message("Show certificate")
    String show_certificate();

    @Message("Vaccination certificate")
    String certificate_title();

    @Message("Dose {dose} of {of}")
    String certificate_dose(Object dose, Object of);

    @Message("Issued {date}")
    String certificate_issued(Object date);

    @Message("Show this code at a border or venue; any EU Digital COVID Certificate verifier app reads it.")
    String certificate_qr_hint();

    @Message("Status")
    String certificate_status();

    @Message("Download the PDF")
    String download_pdf();

    @Message("Certificates cannot be shown right now; try again in a minute.")
    String certificates_unavailable();

    @Message("Back to your household")
    String back_household();

    @Message("Area")
    String area();

    @Message("Near the default place")
    String any_area();

    @Message("Use my location")
    String use_location();

    @Message("Your location is not available; choose an area instead.")
    String location_failed();

    @Message("Choose a new time")
    String moving_title();

    @Message("For {name}")
    String for_person(Object name);

    @Message("Clinic")
    String clinic();

    @Message("When")
    String when();

    @Message("Booked")
    String booked_list();

    @Message("Dose {dose} at this clinic on {date} (optional)")
    String follow_up_legend(Object dose, Object date);

    @Message("Book both now, or choose a time for the next dose later. Both doses are booked, or neither.")
    String follow_up_hint();

    @Message("Not now")
    String follow_up_later();

    @Message("Your next dose: dose {dose}. The recommended day is {date}; it can be booked from {earliest}.")
    String next_dose_offer(Object dose, Object date, Object earliest);

    @Message("Your next dose: dose {dose}, from {earliest}. No time is free around the recommended day yet.")
    String next_dose_later(Object dose, Object earliest);

    @Message("Book dose {dose}")
    String book_next_dose(Object dose);
    @Message("Cancel your appointment")
    String link_cancel_title();

    @Message("Move your appointment")
    String link_move_title();

    @Message("Your appointment")
    String link_your_appointment();

    @Message("Cancel it? The time goes to someone else.")
    String link_cancel_question();

    @Message("Yes, cancel the appointment")
    String link_cancel_confirm();

    @Message("The appointment is cancelled. You can book a new one at any time.")
    String link_cancelled();

    @Message("This appointment is already cancelled.")
    String link_already_cancelled();

    @Message("Pick a new time")
    String link_move_pick();

    @Message("Move to this time")
    String link_move_to();

    @Message("Your appointment is moved. It is now at the time below; we sent you a text too.")
    String link_moved();

    @Message("We are carrying it out. Open the link again in a moment to see the result.")
    String link_pending();

    @Message("The link cannot be used")
    String link_problem_title();

    @Message("This link has expired. Log in to change your appointment.")
    String link_expired();

    @Message("This link does not work. Check that it was copied whole, or log in to change your appointment.")
    String link_invalid();

    @Message("Log in")
    String link_log_in();

    @Message("Day")
    String care_day();

    @Message("Show the times")
    String care_show_times();

    @Message("Who is it for?")
    String care_who();

    @Message("Kind of appointment")
    String care_type();

    @Message("video")
    String care_video();

    @Message("at the clinic")
    String care_in_person();

    @Message("free of charge")
    String care_free();

    @Message("Free times")
    String care_times();

    @Message("No free time this day: try another day.")
    String care_no_times();

    @Message("Paying the fee")
    String care_payment();

    @Message("After you book you pay on the payment page. The time is held for you while you pay.")
    String care_payment_hint();

    @Message("Your doctor appointments")
    String care_my_appointments();

    @Message("Booked.")
    String care_booked();

    @Message("Join the video consultation")
    String care_join_video();

    @Message("The doctor's notes")
    String care_notes();

    @Message("Diagnosis")
    String care_diagnosis();

    @Message("No doctor appointments yet.")
    String care_none();

    @Message("Someone else has just booked that time. The free times are shown again.")
    String care_taken();

    @Message("The payment was refused, so the time was not booked. Try another payment method.")
    String care_payment_failed();

    @Message("Choose a person, a kind of appointment and a time.")
    String care_choose();

    @Message("That did not work. Please try again.")
    String care_other();

    @Message("Pay the fee")
    String checkout_title();

    @Message("Test payments: no money is taken on this page. Use a test card: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is declined; any future expiry date and any three-digit security code.")
    String checkout_test();

    @Message("To pay")
    String checkout_to_pay();

    @Message("Card")
    String checkout_card();

    @Message("Check the fields marked below.")
    String checkout_errors();

    @Message("Name on the card")
    String card_name();

    @Message("Card number")
    String card_number();

    @Message("Expiry date (MM/YY)")
    String card_expiry();

    @Message("Security code (CVC)")
    String card_cvc();

    @Message("Pay {amount}")
    String checkout_pay(String amount);

    @Message("Do not pay: cancel the appointment")
    String checkout_cancel();

    @Message("Enter the name on the card.")
    String card_name_missing();

    @Message("This card number is not valid: check the digits.")
    String card_number_invalid();

    @Message("This page takes test cards only, as no money is taken: use 4242 4242 4242 4242.")
    String card_not_test();

    @Message("Enter the expiry date as month/year, for example 12/28.")
    String card_expiry_invalid();

    @Message("This card has expired.")
    String card_expired();

    @Message("Enter the three digits on the back of the card.")
    String card_cvc_three();

    @Message("Enter the four digits on the front of the card.")
    String card_cvc_four();

    @Message("Booked")
    String care_status_booked();

    @Message("Cancelled")
    String care_status_cancelled();

    @Message("Cancelled: the fee was not paid")
    String care_status_unpaid();

    @Message("Paid")
    String care_paid();

    @Message("Refunded")
    String care_refunded();

    @Message("Waiting for payment")
    String care_pending();

    @Message("Payment refused")
    String care_refused();

    @Message("Pay now")
    String care_pay_now();

    @Message("Cancel this appointment")
    String care_cancel();

    @Message("Cancel before {when} and the fee is refunded.")
    String care_refundable(String when);

    @Message("It is too late for a refund if you cancel now.")
    String care_not_refundable();

    @Message("Paid. Your appointment is booked.")
    String care_notice_paid();

    @Message("The payment was declined, so the appointment was cancelled and its time is free again. You can book again with another card.")
    String care_notice_unpaid();

    @Message("You did not pay, so the appointment was cancelled.")
    String care_notice_gaveup();

    @Message("Cancelled. If a fee was refunded, it shows below.")
    String care_notice_cancelled();

    @Message("The appointment could not be cancelled: it may have started or been cancelled already.")
    String care_notice_notcancelled();

    @Message("{minutes} minutes")
    String care_minutes(int minutes);

    @Message("My records")
    String records_link();

    @Message("Records: {name}")
    String records_title(Object name);

    @Message("Some of the records cannot be reached just now. Reload the page in a moment.")
    String records_unavailable();

    @Message("Add a document or an image")
    String records_upload_title();

    @Message("File")
    String records_file();

    @Message("A PDF, a Word document (.docx), a PNG or a JPEG image, at most {megabytes} MB.")
    String records_file_hint(long megabytes);

    @Message("Upload")
    String records_upload_button();

    @Message("Received. Below you see when its text has been read.")
    String records_uploaded();

    @Message("The file is too large (at most {megabytes} MB). Choose a smaller file, for example a scan at a lower resolution or one page at a time, and upload it again.")
    String records_too_large(long megabytes);

    @Message("This kind of file is not accepted. Upload a PDF, a Word document (.docx), a PNG or a JPEG image instead; save or export the file in one of these forms first.")
    String records_wrong_type();

    @Message("The virus scanner found a virus in the file, so it was not stored. Check your device with an antivirus program, then upload a clean copy of the document.")
    String records_virus();

    @Message("The file is empty. Choose the file again (check that it opens on your device) and upload it.")
    String records_empty();

    @Message("Choose a file first, then press Upload.")
    String records_no_file();

    @Message("The file could not be stored just now, so nothing was kept. Try again in a moment.")
    String records_upload_unavailable();

    @Message("The file was not accepted. Check that it is a PDF, a Word document or an image, and try again.")
    String records_upload_other();

    @Message("Documents and images")
    String records_documents();

    @Message("No documents yet.")
    String records_no_documents();

    @Message("Uploaded {when}")
    String records_uploaded_at(String when);

    @Message("Received, waiting to be read")
    String records_step_received();

    @Message("Reading the text…")
    String records_step_extracting();

    @Message("Done")
    String records_step_done();

    @Message("Could not be read")
    String records_step_failed();

    @Message("Why: {reason}. Upload the file again, or another copy of it.")
    String records_failed_reason(String reason);

    @Message("Picture: {fileName}")
    String records_thumbnail(String fileName);

    @Message("Show the latest status")
    String records_refresh();

    @Message("Prescriptions")
    String records_prescriptions();

    @Message("No prescriptions.")
    String records_no_prescriptions();

    @Message("Dosage")
    String records_dosage();

    @Message("Status")
    String records_status();

    @Message("Issued {when}: waiting at the pharmacy")
    String records_issued(String when);

    @Message("Dispensed {when}")
    String records_dispensed(String when);

    @Message("Pharmacy")
    String records_pharmacy();

    @Message("Pharmacy for prescriptions")
    String records_pharmacy_title();

    @Message("Prescriptions are sent to {pharmacy}.")
    String records_pharmacy_now(String pharmacy);

    @Message("No pharmacy chosen yet: a doctor cannot send a prescription until one is chosen.")
    String records_pharmacy_none();

    @Message("No pharmacies can be chosen yet.")
    String records_no_pharmacies();

    @Message("Pharmacy")
    String records_pharmacy_choose();

    @Message("Send prescriptions here")
    String records_pharmacy_save();

    @Message("Saved: new prescriptions go to this pharmacy.")
    String records_pharmacy_saved();

    @Message("The pharmacy could not be chosen. Choose one from the list and try again.")
    String records_pharmacy_failed();
}
