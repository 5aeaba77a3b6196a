package io.vaxline.web.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The clinic console's words in English; messages/console_sv.properties and console_es.properties hold Swedish and Spanish. */
@MessageBundle("console")
public interface ConsoleMsg {

    @Message("Clinic console")
    String console_title();

    @Message("Clinic console")
    String nav_label();

    @Message("Roster")
    String nav_roster();

    @Message("Upload the day's doses")
    String nav_upload();

    @Message("Sessions and stock")
    String nav_sessions();

    @Message("Signed in as {who}")
    String signed_in_as(Object who);

    @Message("Log out")
    String log_out();

    @Message("Something went wrong")
    String error_title();

    @Message("Back to the roster")
    String back_to_roster();

    @Message("Clinic console: sign in")
    String login_title();

    @Message("Clinic staff")
    String staff_heading();

    @Message("Paste the staff token an administrator gave you.")
    String staff_intro();

    @Message("Staff token")
    String token();

    @Message("Sign in")
    String sign_in();

    @Message("Administrator")
    String admin_heading();

    @Message("Sign in with the administrators' API key and choose the clinic.")
    String admin_intro();

    @Message("Administrators' API key")
    String api_key();

    @Message("Clinic id")
    String clinic_id();

    @Message("Lower-case letters, digits and dashes, e.g. sodermalm")
    String clinic_id_hint();

    @Message("Your session has ended. Sign in again.")
    String expired();

    @Message("That is not a staff token. Paste the whole token: three parts separated by dots.")
    String not_a_token();

    @Message("That is an administrator's token. Use the administrator sign-in with the API key.")
    String admin_token();

    @Message("That staff token has expired. Ask an administrator for a new one.")
    String token_expired();

    @Message("booking-api does not accept that token.")
    String token_refused();

    @Message("Wrong API key.")
    String wrong_key();

    @Message("There is no clinic {id}.")
    String no_clinic(Object id);

    @Message("That appointment is not on the roster (it may have been cancelled).")
    String no_appointment();

    @Message("The dose was not recorded: correct the fields marked below.")
    String dose_rejected();

    @Message("Choose a CSV file to upload.")
    String choose_file();

    @Message("Check the fields marked below.")
    String invalid();

    @Message("is required")
    String required();

    @Message("Session {id} is published; its slots are bookable within a moment.")
    String published(Object id);

    @Message("Session {id} is being withdrawn: its appointments are cancelled and the people are texted.")
    String withdrawing(Object id);

    @Message("Stock of {service} changed by {delta} doses.")
    String stock_adjusted(Object service, Object delta);

    @Message("Roster")
    String roster_title();

    @Message("Day")
    String day();

    @Message("Show")
    String show();

    @Message("Name or confirmation code")
    String search();

    @Message("Search")
    String search_button();

    @Message("Show everyone")
    String clear_search();

    @Message("{total} booked, {attended} {#if attended == 1}dose{#else}doses{/if} recorded")
    String roster_counts(Object total, Object attended);

    @Message("Showing {shown} of {total}")
    String shown_of(Object shown, Object total);

    @Message("Nobody is booked this day.")
    String nobody();

    @Message("Nobody matches the search.")
    String no_match();

    @Message("born {year}")
    String born(Object year);

    @Message("dose {n}")
    String dose_n(Object n);

    @Message("Dose recorded")
    String attended();

    @Message("Not recorded yet")
    String not_attended();

    @Message("Record dose")
    String record_dose();

    @Message("Checked in")
    String checked_in();

    @Message("Missed")
    String missed();

    @Message("Check in")
    String check_in();

    @Message("No-show")
    String mark_no_show();

    @Message("{#if sent == 'no-show'}No-show sent{#else}Check-in sent{/if}: the roster shows it within a moment (reload).")
    String door_sent(Object sent);

    @Message("Record a dose")
    String dose_title();

    @Message("Correct dose")
    String correct_dose();

    @Message("Correct a recorded dose")
    String correct_dose_title();

    @Message("Enter the dose as it should have been recorded. The person's certificate is issued again and the old one is revoked.")
    String correction_hint();

    @Message("Reason for the correction")
    String correction_reason();

    @Message("Publish the correction")
    String publish_correction();

    @Message("Corrected: the correction was published. The certificate is issued again and the old one revoked.")
    String outcome_corrected();

    @Message("This correction was published earlier: nothing was published again.")
    String outcome_correction_already();

    @Message("Confirmation code")
    String confirmation();

    @Message("Given at (clinic time)")
    String administered_at();

    @Message("Vaccine product")
    String product();

    @Message("Choosing a product selects its usual type and manufacturer.")
    String product_hint();

    @Message("Vaccine type")
    String vaccine_type();

    @Message("Manufacturer")
    String manufacturer();

    @Message("Lot number")
    String lot();

    @Message("Vaccinator")
    String vaccinator();

    @Message("Dose number")
    String dose_number();

    @Message("Doses in the series")
    String series_doses();

    @Message("Record the dose")
    String publish_dose();

    @Message("Recorded: the dose was published. The certificate follows, and the roster shows the dose within a moment.")
    String outcome_published();

    @Message("Already recorded earlier: nothing was published again.")
    String outcome_already();

    @Message("Rows read: {read}. Published: {published}. Already reported: {already}. Rejected: {rejected}.")
    String report_counts(Object read, Object published, Object already, Object rejected);

    @Message("Upload the day's doses")
    String upload_title();

    @Message("A CSV file with one row per dose given. Uploading the same file again publishes nothing twice.")
    String upload_intro();

    @Message("Columns: {required}; optional: {optional}.")
    String columns(String required, String optional);

    @Message("CSV file")
    String file();

    @Message("Upload")
    String upload_button();

    @Message("Uploading. The counts below change while booking-api reads the file.")
    String uploading();

    @Message("Report of {file}")
    String report_title(Object file);

    @Message("Rows read")
    String rows_read();

    @Message("Published")
    String published_count();

    @Message("Already reported")
    String already_reported();

    @Message("Rejected")
    String rejected();

    @Message("Rejected rows")
    String errors_title();

    @Message("Row")
    String row();

    @Message("Field")
    String field();

    @Message("What is wrong")
    String problem_column();

    @Message("Only the first errors are listed.")
    String errors_truncated();

    @Message("Recent uploads")
    String recent_title();

    @Message("No uploads yet.")
    String no_uploads();

    @Message("Status")
    String status();

    @Message("Sessions and stock")
    String sessions_title();

    @Message("The day's slots")
    String slots_title();

    @Message("booking-api lists only slots with a free seat; a full slot shows only its bookings.")
    String slots_note();

    @Message("Time")
    String time();

    @Message("Service")
    String service();

    @Message("Seats")
    String capacity();

    @Message("Free")
    String free();

    @Message("Booked")
    String booked();

    @Message("No free slots and no bookings this day.")
    String no_slots();

    @Message("Publish or change a session")
    String publish_title();

    @Message("Publishing with the id of an existing session changes its times and seats.")
    String publish_intro();

    @Message("Session id")
    String session_id();

    @Message("Start")
    String start_time();

    @Message("End")
    String end_time();

    @Message("Minutes per slot")
    String slot_minutes();

    @Message("Seats per slot")
    String seats();

    @Message("Of which kept for priority groups")
    String reserved();

    @Message("Minimum age (optional)")
    String min_age();

    @Message("Preview")
    String preview();

    @Message("Withdraw a session")
    String withdraw_title();

    @Message("Give the session's times so that the preview shows who is booked in them.")
    String withdraw_intro();

    @Message("Reason (texted to the people booked)")
    String reason();

    @Message("Adjust stock")
    String stock_title();

    @Message("Doses (negative to remove)")
    String delta();

    @Message("Adjust stock")
    String adjust();

    @Message("The roster could not be read")
    String roster_refused();

    @Message("Confirm: publish session {id}")
    String confirm_publish_title(Object id);

    @Message("Confirm: withdraw session {id}")
    String confirm_withdraw_title(Object id);

    @Message("{n} {#if n == 1}person is{#else}people are{/if} booked at this clinic from {start} to {end} on {date} ({service}).")
    String affected_count(Object n, Object start, Object end, Object date, Object service);

    @Message("{n} {#if n == 1}person is{#else}people are{/if} booked at this clinic on {date} ({service}); without the session's times the console cannot tell which of them are in this session.")
    String affected_day(Object n, Object date, Object service);

    @Message("Publishing makes the slots bookable within a moment. If session {id} already exists, this replaces its times and seats: nobody's appointment is cancelled and nobody is texted. People booked in slots the new times no longer cover keep their appointments (they stay on the roster), and a slot left with fewer seats than bookings takes no new bookings until seats free up. A session cannot move to another day: booking-api accepts that, but scheduler-stream sets it aside and the session stays as it was.")
    String publish_effect(Object id);

    @Message("Withdrawing cancels every appointment in session {id}: each person is texted that the clinic withdrew the session (with your reason), and their doses go back to the stock. It cannot be undone. If the clinic has no session {id}, nothing changes.")
    String withdraw_effect(Object id);

    @Message("People booked in these times")
    String affected_list();

    @Message("Publish the session")
    String confirm_publish();

    @Message("Withdraw the session and cancel its appointments")
    String confirm_withdraw();

    @Message("Go back without changing anything")
    String go_back();

    @Message("Person")
    String person();

    @Message("booking-api cannot be reached just now, or did not answer in time. Try again in a moment.")
    String unreachable();

    @Message("Reason (kept with the change)")
    String stock_reason();

    @Message("Signed in as an administrator")
    String signed_in_as_admin();

    @Message("The day's sessions")
    String sessions_list_title();

    @Message("No session on this day yet.")
    String no_sessions();

    @Message("Times")
    String session_times();

    @Message("Change")
    String change_session();

    @Message("Withdraw")
    String withdraw_session();

    @Message("Cancel")
    String cancel_appointment();

    @Message("Cancel an appointment")
    String cancel_title();

    @Message("Reason (the person is texted it)")
    String cancel_reason();

    @Message("In words the person understands, e.g. \"the vaccinator is ill\". 3 to 200 characters.")
    String cancel_reason_hint();

    @Message("Cancel the appointment and tell the person")
    String cancel_submit();

    @Message("The appointment is cancelled; the person is being texted the reason.")
    String cancel_done();

    @Message("The cancellation is on its way; the roster shows it in a moment.")
    String cancel_pending();

    @Message("Walk-in: someone at the door without an appointment")
    String walk_in_heading();

    @Message("Registers the person (or finds them by phone, name and birth year) and takes a seat for them in the session running now; then record the dose from the roster.")
    String walk_in_intro();

    @Message("Name")
    String walk_in_name();

    @Message("Birth year")
    String walk_in_birth_year();

    @Message("Mobile number")
    String walk_in_phone();

    @Message("Language of messages")
    String walk_in_language();

    @Message("Register and take a seat now")
    String walk_in_submit();

    @Message("No seat was taken")
    String walk_in_refused();

    @Message("The walk-in is on its way; the roster shows it in a moment.")
    String walk_in_pending();

    @Message("Move")
    String move_appointment();

    @Message("Move an appointment")
    String move_title();

    @Message("Day to move to")
    String move_day();

    @Message("Show free times")
    String move_show_times();

    @Message("New time")
    String move_time();

    @Message("No free time that day.")
    String move_no_times();

    @Message("Reason (the person is texted it)")
    String move_reason();

    @Message("Move the appointment and tell the person")
    String move_submit();

    @Message("The appointment is moved; the person is being texted the new time and the reason.")
    String move_done();

    @Message("The move is on its way; the roster shows it in a moment.")
    String move_pending();

    @Message("Seated: {name}, {time}, dose {dose}, checked in.")
    String walk_in_done(Object name, Object time, Object dose);

    @Message("Doctors")
    String nav_doctors();

    @Message("Doctors' day")
    String doctors_title();

    @Message("The clinic has no doctors yet; add them under the link above.")
    String doctors_none();

    @Message("Doctor")
    String doctor();

    @Message("Show")
    String show_day();

    @Message("The note is recorded; the patient's household sees it with their appointment.")
    String note_done();

    @Message("The prescription is signed and sent to the pharmacy the patient chose.")
    String prescription_done();

    @Message("The appointment is cancelled and its time is free again; a fee paid is refunded.")
    String doctor_cancel_done();

    @Message("Sent; the list shows the change in a moment.")
    String doctor_pending();

    @Message("{name}, appointments: {count}")
    String doctor_day(Object name, Object count);

    @Message("No appointments this day. Choose another day above.")
    String doctor_day_empty();

    @Message("Booked")
    String status_booked();

    @Message("Cancelled")
    String status_cancelled();

    @Message("Not paid: cancelled")
    String status_payment_failed();

    @Message("Video")
    String video();

    @Message("Join the video room")
    String video_join();

    @Message("Notes")
    String notes();

    @Message("Record a note")
    String note_record();

    @Message("Note")
    String note_text();

    @Message("Diagnosis (ICD-10 code)")
    String note_icd10_code();

    @Message("Optional, e.g. J06.9; then say what it means.")
    String note_icd10_hint();

    @Message("Diagnosis in words")
    String note_icd10_display();

    @Message("Save the note")
    String note_submit();

    @Message("Prescribe")
    String prescribe();

    @Message("Medication")
    String rx_medication();

    @Message("ATC code")
    String rx_atc();

    @Message("Optional, e.g. J01CA04.")
    String rx_atc_hint();

    @Message("Dosage")
    String rx_dosage();

    @Message("Quantity")
    String rx_quantity();

    @Message("Sign and send to the pharmacy")
    String rx_submit();

    @Message("Cancel the appointment")
    String doctor_cancel();

    @Message("A patient no longer on the roster")
    String patient_off_roster();

    @Message("Patient documents")
    String nav_documents();

    @Message("Search a patient's documents")
    String documents_title();

    @Message("Only the patient's doctor may search their documents: a doctor who has prescribed for them.")
    String documents_intro();

    @Message("Patient (person id)")
    String documents_person();

    @Message("Words to search for")
    String documents_query();

    @Message("Search")
    String documents_search();

    @Message("Documents found: {count}")
    String documents_found(int count);

    @Message("uploaded {when}")
    String documents_uploaded(String when);

    @Message("You may not search this patient's documents: only the patient's doctor may, that is a doctor who has prescribed for them. Check the person id, or ask the patient's doctor.")
    String documents_refused();

    @Message("Type the patient's person id and the words to search for (at most 200 characters).")
    String documents_invalid();

    @Message("The documents cannot be searched just now. Try again in a moment.")
    String documents_unavailable();

    // ---------------------------------------------------------------- doctors and their calendars

    @Message("Doctors, their hours and appointment types")
    String calendars_link();

    @Message("Doctors and their hours")
    String calendars_title();

    @Message("Back to the doctor's day")
    String calendars_day_link();

    @Message("The clinic's doctors")
    String calendars_list();

    @Message("No doctors yet. Add the first one below.")
    String calendars_none();

    @Message("Add a doctor")
    String calendars_add();

    @Message("Add the doctor")
    String calendars_add_submit();

    @Message("All doctors")
    String calendars_back();

    @Message("The doctor's appointments")
    String calendar_day_link();

    @Message("Doctor id")
    String calendar_doctor_id();

    @Message("Lower-case letters, digits and dashes, for example dr-ada; it cannot be changed later.")
    String calendar_id_hint();

    @Message("Name")
    String calendar_name();

    @Message("Service")
    String calendar_service();

    @Message("A service the clinic offers that no other doctor has: people book the doctor through it.")
    String calendar_service_hint();

    @Message("Slot length (minutes)")
    String calendar_slot_minutes();

    @Message("Appointment types")
    String calendar_types();

    @Message("No appointment types yet: people cannot book this doctor until there is one.")
    String calendar_types_none();

    @Message("The doctor is added. Set the weekly hours and add an appointment type.")
    String calendar_added();

    @Message("The weekly hours are saved and the coming days published again.")
    String calendar_hours_done();

    @Message("The exception is saved and that day published again.")
    String calendar_exception_done();

    @Message("The exception is removed; the day follows the weekly hours again.")
    String calendar_exception_removed();

    @Message("The appointment type is added.")
    String calendar_type_done();

    @Message("Weekly hours")
    String calendar_week();

    @Message("A row per working window; leave a day empty when the doctor does not work. Save to get one more row for a day.")
    String calendar_week_hint();

    @Message("Save the weekly hours")
    String calendar_week_submit();

    @Message("window {number}")
    String hours_window(Object number);

    @Message("From")
    String hours_from();

    @Message("To")
    String hours_to();

    @Message("Exceptions")
    String calendar_exceptions();

    @Message("No exceptions: every day follows the weekly hours.")
    String calendar_exceptions_none();

    @Message("Add an exception")
    String exception_add();

    @Message("Date")
    String exception_date();

    @Message("That day")
    String exception_kind();

    @Message("Day off")
    String exception_day_off();

    @Message("Other hours")
    String exception_other_hours();

    @Message("Only for other hours; a day off has none. Booked people in hours that go are cancelled and told.")
    String exception_times_hint();

    @Message("Note (optional)")
    String exception_note();

    @Message("Save the exception")
    String exception_submit();

    @Message("Remove")
    String exception_remove();

    @Message("Add an appointment type")
    String type_add();

    @Message("Name shown to people")
    String type_name();

    @Message("How")
    String type_mode();

    @Message("In person")
    String type_in_person();

    @Message("Video")
    String type_video();

    @Message("Length (minutes)")
    String type_minutes();

    @Message("{minutes} min")
    String type_length(Object minutes);

    @Message("Fee")
    String type_fee();

    @Message("Currency")
    String type_currency();

    @Message("Add the appointment type")
    String type_submit();

    @Message("Published windows")
    String calendar_published();

    @Message("What people can book, from today on, as published from the weekly hours and exceptions.")
    String calendar_published_hint();

    @Message("Nothing published: set the weekly hours.")
    String calendar_published_none();

    @Message("Weekday")
    String calendar_weekday();

    @Message("Hours")
    String calendar_window();

    @Message("{day}, window {number}: {field}")
    String calendar_row(Object day, Object number, Object field);

    @Message("The clinic has no doctor {doctorId}.")
    String calendar_no_doctor(Object doctorId);

    @Message("A doctor with this id, or one for this service, exists already.")
    String calendar_doctor_taken();

    @Message("The doctor has an appointment type with this name already.")
    String calendar_type_taken();

    @Message("This doctor belongs to another clinic.")
    String calendar_not_yours();

    @Message("That is no longer there; the page shows what is.")
    String calendar_gone();

    @Message("Give the date.")
    String calendar_date_needed();

    @Message("Give the fee as an amount, for example 250 or 250.50 (0 for free).")
    String calendar_fee_invalid();

    @Message("Use 1 to 30 lower-case letters, digits or dashes, starting with a letter or digit.")
    String calendar_err_id();

    @Message("Give a name of at most 100 characters.")
    String calendar_err_name();

    @Message("Give a service the clinic offers, in lower-case letters, digits and dashes.")
    String calendar_err_service();

    @Message("Give a whole number of minutes from 5 to 240.")
    String calendar_err_slot_minutes();

    @Message("Give the start time.")
    String calendar_err_start();

    @Message("The end must be after the start, with room for at least one slot.")
    String calendar_err_end();

    @Message("Windows of a day must not overlap, and each must hold at least one slot.")
    String calendar_err_overlap();

    @Message("Keep the note to at most 200 characters.")
    String calendar_err_note();

    @Message("Give a whole number of minutes from 5 up to the doctor's slot length.")
    String calendar_err_minutes();

    @Message("Give a three-letter currency code, for example SEK or EUR.")
    String calendar_err_currency();

    @Message("Choose in person or video.")
    String calendar_err_mode();

    @Message("Give a shorter name made of letters or digits.")
    String calendar_err_type_id();

    @Message("New time on {date}")
    String move_new_time(Object date);

    @Message("The free times on {date} now")
    String move_fresh_times(Object date);

    @Message("Choose the new time.")
    String move_pick_time();

    @Message("Give the reason; the person is texted it.")
    String move_reason_needed();

    @Message("That time was just taken. Choose another of the free times below.")
    String move_taken();

    @Message("The appointment was not moved.")
    String move_refused();

    @Message("The appointment is moved; the person is texted the new time and the reason.")
    String doctor_move_done();
}
