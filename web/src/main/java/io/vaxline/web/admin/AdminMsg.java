package io.vaxline.web.admin;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The administration pages' words in English; messages/admin_sv.properties and admin_es.properties hold Swedish and Spanish. */
@MessageBundle("admin")
public interface AdminMsg {

    @Message("Administration")
    String nav();

    @Message("Overview")
    String home();

    @Message("Administration")
    String home_title();

    @Message("Log in")
    String log_in();

    @Message("Log out")
    String log_out();

    @Message("Administrators' login")
    String login_title();

    @Message("Log in with the administrators' API key. The session lasts as long as the token booking-api issues for it.")
    String login_intro();

    @Message("API key")
    String api_key();

    @Message("Printed by ./vaxline up, and kept in data/secrets/admin-api-key.")
    String api_key_hint();

    @Message("That API key is not right. Check it and try again.")
    String wrong_key();

    @Message("Too many logins from this address.")
    String too_many_logins();

    @Message("Try again in {seconds} seconds.")
    String retry_after(Object seconds);

    @Message("Login with an API key is turned off on this server (ADMIN_API_KEY is not set).")
    String key_login_off();

    @Message("booking-api answered {status}:")
    String api_said(Object status);

    @Message("(required)")
    String required();

    @Message("Clinics")
    String clinics();

    @Message("Find, register and change clinics; issue staff tokens.")
    String clinics_intro();

    @Message("Priority occupations")
    String occupations();

    @Message("People in these occupations may book the seats kept for priority groups.")
    String occupations_intro();

    @Message("Outreach")
    String outreach();

    @Message("Patient lists, cohorts and invitation campaigns.")
    String outreach_intro();

    @Message("Dashboard")
    String dashboard();

    @Message("How the drive goes, live.")
    String dashboard_intro();

    @Message("Each clinic's console (sessions, stock, roster) opens from its row in the clinic list.")
    String console_intro();

    @Message("Clinics near a place")
    String clinics_found();

    @Message("Near")
    String near();

    @Message("Latitude,longitude, e.g. 59.33,18.06. The list is nearest first, 200 at most.")
    String near_hint();

    @Message("Free slots on")
    String date();

    @Message("Service")
    String service();

    @Message("Search")
    String search();

    @Message("No clinic offers this service near there.")
    String no_clinics();

    @Message("Clinic")
    String clinic();

    @Message("Address")
    String address();

    @Message("Time zone")
    String time_zone();

    @Message("An IANA name, e.g. Europe/Stockholm.")
    String time_zone_hint();

    @Message("Distance")
    String distance();

    @Message("Free slots")
    String free_slots();

    @Message("Actions")
    String actions();

    @Message("Edit")
    String edit();

    @Message("Console")
    String console();

    @Message("Register a clinic")
    String register_clinic();

    @Message("Clinic id")
    String clinic_id();

    @Message("Lower-case letters, digits and dashes, e.g. sodermalm. Empty: booking-api makes one.")
    String clinic_id_hint();

    @Message("Name")
    String name();

    @Message("Postcode")
    String postcode();

    @Message("Latitude")
    String latitude();

    @Message("Longitude")
    String longitude();

    @Message("Services")
    String services();

    @Message("Separated by commas, e.g. covid-19, influenza.")
    String services_hint();

    @Message("Register the clinic")
    String register();

    @Message("Registered: booking-api answered 201 for {clinicId}. Its slots appear once sessions are published.")
    String registered_ok(Object clinicId);

    @Message("Saved: booking-api answered 200.")
    String updated_ok();

    @Message("Open the clinic's console")
    String open_console();

    @Message("All clinics")
    String back_to_clinics();

    @Message("Back to the clinic")
    String back_to_clinic();

    @Message("Staff token")
    String staff_token();

    @Message("A token lets one member of the clinic's staff manage its sessions and stock and see its roster, for this clinic only.")
    String staff_token_intro();

    @Message("Staff member's name")
    String staff_name();

    @Message("Issue a token")
    String issue_token();

    @Message("Change the clinic")
    String edit_clinic();

    @Message("Every field is sent again: booking-api replaces the clinic's details with these. Untick Open to close the clinic.")
    String edit_intro();

    @Message("Open (takes bookings)")
    String active();

    @Message("Save")
    String save();

    @Message("Token for {staffName} at {clinicId}")
    String staff_token_for(Object staffName, Object clinicId);

    @Message("booking-api issued the token (200). It is shown only this once.")
    String token_issued();

    @Message("Token")
    String token();

    @Message("Copy it now and hand it over safely: select the field, then Ctrl+C (⌘C on a Mac), or use the Copy button. Leaving this page loses it; issue a new one if it is lost.")
    String token_copy_hint();

    @Message("It expires {expiresAt}.")
    String token_expires(Object expiresAt);

    @Message("Copy")
    String copy();

    @Message("Copied.")
    String copied();

    @Message("Marked occupations")
    String occupations_marked();

    @Message("No occupation is marked.")
    String no_occupations();

    @Message("Remove")
    String remove();

    @Message("Mark an occupation")
    String add_occupation();

    @Message("Code")
    String code();

    @Message("Lower-case letters, digits and dashes, e.g. nurse.")
    String code_hint();

    @Message("Description")
    String description();

    @Message("Add")
    String add();

    @Message("Marked: booking-api answered 200.")
    String occupation_added();

    @Message("Removed: booking-api answered 204.")
    String occupation_removed();

    @Message("Upload a patient list, preview who a cohort reaches and what it costs, create the campaign, launch it, and follow the funnel.")
    String outreach_steps();

    @Message("Patient lists")
    String patient_lists();

    @Message("Upload a patient list")
    String upload_list();

    @Message("No list uploaded yet.")
    String no_uploads();

    @Message("List name")
    String list_name();

    @Message("To tell uploads apart, e.g. flu-2026.")
    String list_name_hint();

    @Message("Status")
    String status();

    @Message("Rows read")
    String rows_read();

    @Message("Added")
    String added();

    @Message("Updated")
    String updated();

    @Message("Unchanged")
    String unchanged();

    @Message("Rejected")
    String rejected();

    @Message("Started")
    String started();

    @Message("Cohort and campaign")
    String cohort_and_campaign();

    @Message("Choose who to reach and preview the cohort and its cost; then name the campaign and create it. Nothing is sent before you launch it.")
    String cohort_intro();

    @Message("Cohort preview")
    String cohort_preview();

    @Message("People")
    String people();

    @Message("Texts")
    String sms();

    @Message("E-mails")
    String emails();

    @Message("Cost")
    String cost();

    @Message("Texts {sms} {currency}, e-mails {email} {currency}.")
    String cost_split(Object sms, Object email, Object currency);

    @Message("Who")
    String who();

    @Message("Conditions")
    String conditions();

    @Message("Separated by commas, e.g. chronic-lung-disease, diabetes. Empty: anyone.")
    String conditions_hint();

    @Message("Age from")
    String min_age();

    @Message("Age to")
    String max_age();

    @Message("Postcodes starting with")
    String postcodes();

    @Message("Separated by commas, e.g. 111, 112. Empty: anywhere.")
    String postcodes_hint();

    @Message("Preview the cohort")
    String preview();

    @Message("Campaign")
    String campaign();

    @Message("Campaign name")
    String campaign_name();

    @Message("Message")
    String invitation_message();

    @Message("The invitation's text; the personal link is added to it.")
    String message_hint();

    @Message("Questions (optional)")
    String questions();

    @Message("One a line: name | label | kind | options | required. Kinds TEXT, SINGLE_CHOICE, MULTIPLE_CHOICE, DATE, YES_NO; options (for a choice) separated by commas. E.g. allergy | Any allergies? | YES_NO | | required")
    String questions_hint();

    @Message("Create the campaign")
    String create_campaign();

    @Message("Campaigns")
    String campaigns();

    @Message("No campaign yet.")
    String no_campaigns();

    @Message("{waves} wave(s)")
    String waves_count(Object waves);

    @Message("A CSV file with a header row: patient_ref, given_name, birth_date, and optionally family_name, phone, email, postcode, conditions, language; each row needs a phone or an e-mail. Uploading the same list again adds nobody twice.")
    String upload_intro();

    @Message("CSV file")
    String file();

    @Message("Sending the file")
    String sending();

    @Message("Upload")
    String upload();

    @Message("Back to outreach")
    String back_to_outreach();

    @Message("Upload of {name}")
    String upload_of(Object name);

    @Message("Passing the list on to booking-api, which reads and stores it. This page follows it.")
    String upload_running();

    @Message("Passed on: {sent} of {size}")
    String passed_on(Object sent, Object size);

    @Message("booking-api so far: {rows} rows read, {added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.")
    String api_counts(Object rows, Object added, Object updated, Object unchanged, Object rejected);

    @Message("Refresh")
    String refresh();

    @Message("booking-api answered: {status}")
    String upload_done(Object status);

    @Message("Upload {id}")
    String upload_id(Object id);

    @Message("Rejected rows")
    String rejected_rows();

    @Message("Row")
    String row();

    @Message("Field")
    String field();

    @Message("Problem")
    String problem();

    @Message("booking-api lists the first rejected rows only.")
    String errors_truncated();

    @Message("On to the cohort")
    String to_cohort();

    @Message("Upload again")
    String upload_again();

    @Message("The campaign is created, not launched yet.")
    String answered_created();

    @Message("The first wave is on its way; the counts below follow it (Refresh).")
    String answered_launch();

    @Message("A follow-up wave, with new links, is on its way to everyone who has not responded.")
    String answered_follow_up();

    @Message("The report is made; download it below.")
    String answered_report();

    @Message("Waves")
    String waves();

    @Message("Invited")
    String invited();

    @Message("Queued")
    String queued();

    @Message("Launch the campaign")
    String launch();

    @Message("Sends one invitation to each person of the cohort, by text or e-mail.")
    String launch_hint();

    @Message("Send a follow-up wave")
    String follow_up();

    @Message("Invites again, with new links, everyone who has not opened theirs.")
    String follow_up_hint();

    @Message("Funnel")
    String funnel();

    @Message("Sent")
    String sent();

    @Message("Failed")
    String failed();

    @Message("Opened their link")
    String acknowledged();

    @Message("Booked")
    String booked();

    @Message("Answered the form")
    String answered();

    @Message("Clicks")
    String clicks();

    @Message("People, not messages.")
    String funnel_hint();

    @Message("Reports")
    String reports();

    @Message("Who has not opened their link: weekly, or now.")
    String reports_intro();

    @Message("Make a report now")
    String report_now();

    @Message("{invited} invited, {acknowledged} opened, {notResponded} not responded")
    String report_counts(Object invited, Object acknowledged, Object notResponded);

    @Message("Download CSV")
    String download_csv();

    @Message("No report yet.")
    String no_reports();

    @Message("Exports")
    String exports();

    @Message("Who opened their link (CSV)")
    String acknowledged_csv();

    @Message("The form's answers (CSV)")
    String answers_csv();

    @Message("Each service's dose series: how many doses, and how far apart. scheduler-stream books the doses in order and no closer than the minimum; the recommended interval is the day offered for the next dose. A service not listed is one dose.")
    String services_intro();

    @Message("Defined services")
    String services_defined();

    @Message("No service is defined yet: every service is one dose.")
    String no_services();

    @Message("Define a service")
    String define_service();

    @Message("As the clinics list it, e.g. covid-19. Defining it again replaces its series.")
    String service_hint();

    @Message("Doses in the series")
    String doses();

    @Message("Minimum days between doses")
    String min_interval();

    @Message("Recommended days between doses")
    String recommended_interval();

    @Message("Left empty: the minimum.")
    String recommended_hint();

    @Message("Disease (SNOMED CT code)")
    String target_disease();

    @Message("Ties doses reported without an appointment to the service, e.g. 840539006 for COVID-19.")
    String target_disease_hint();

    @Message("{doses} doses, at least {min} days apart (recommended {recommended})")
    String series_text(Object doses, Object min, Object recommended);

    @Message("Define")
    String define();

    @Message("Defined: booking-api answered 200. Bookings decided from now on follow it.")
    String service_defined();
}
