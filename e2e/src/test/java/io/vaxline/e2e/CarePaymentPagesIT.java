package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

/**
 * A patient books a doctor whose appointment has a fee, on the web pages: the time is held while the fee is paid on
 * the payment provider's page (the local provider's test card form), a mistyped card is refused at its fields, a test
 * card pays, cancelling in time refunds, a declined card and a payment given up both cancel the appointment and free
 * its time. Each page is checked with axe-core; screenshots under target/screenshots/care-payment.
 */
class CarePaymentPagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "care-payment");
    private static final ZoneId ZONE = CareClinic.ZONE;

    @Test
    void aFeeIsPaidOnTheCheckoutPageRefundedOnCancellingAndADeclinedCardFreesTheTime() throws Exception {
        VaxlineStack stack = RunningStack.get();
        CareClinic clinic = CareClinic.create(stack, "carepay", "pay", "Private practice", "Ada Doctor");
        Api api = clinic.api();
        Api care = clinic.care();
        String suffix = clinic.suffix();
        String clinicId = clinic.clinicId();
        String service = clinic.service();
        String staff = clinic.staff();
        String doctorId = "ada-" + suffix;
        LocalDate day = LocalDate.now(ZONE).plusDays(3);
        Api.require(care.post("/clinics/" + clinicId + "/doctors", Map.of("doctorId", doctorId, "name", "Dr Ada Lovelace",
                "service", service, "slotMinutes", 30), staff, Api.newAddress()), 201);
        Api.require(care.post("/doctors/" + doctorId + "/appointment-types", Map.of("typeId", doctorId + "-visit",
                "name", "Specialist visit", "mode", "IN_PERSON", "minutes", 30, "feeMinor", 45000, "currency", "SEK"),
                staff, Api.newAddress()), 201);
        Api.require(care.call("PUT", "/doctors/" + doctorId + "/weekly-hours", Map.of("hours", List.of(Map.of(
                "weekday", day.getDayOfWeek().getValue(), "startTime", "09:00", "endTime", "10:00"))), staff, Api.newAddress(), null), 200);
        CareClinic.awaitFreeSlots(care, doctorId, day, 2);

        String web = stack.url(Service.WEB);
        try (Chromium chromium = Chromium.start(SHOTS)) {
            Page page = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
            Chromium.logIn(api, page, web, Api.newPhone());
            page.click("details.add-person summary");
            page.fill("#name", "Patient Ada");
            page.fill("#birthYear", "1981");
            page.click("details.add-person button[type=submit]");
            page.waitForURL("**/me");

            // The fee is named before booking, and paid on the provider's page after: the time is held meanwhile.
            book(page, web, doctorId, day);
            assertThat(page.locator("h1").innerText()).isEqualTo("Pay the fee");
            assertThat(page.locator(".checkout-summary").innerText()).contains("Specialist visit", "Dr Ada Lovelace", "450.00 SEK", "9:00");
            assertThat(page.locator(".test-payments").innerText()).contains("no money is taken", "4242 4242 4242 4242");
            chromium.check(page, "checkout");
            CareClinic.awaitFreeSlots(care, doctorId, day, 1);

            // Mistyped: each field says what is wrong, what was typed is kept, nothing is reported to care.
            page.fill("#name", "");
            page.fill("#number", "4242 4242 4242 4241");
            page.fill("#expiry", "13/30");
            page.fill("#cvc", "12");
            page.click("button[value=pay]");
            page.waitForSelector("#card-problems");
            assertThat(page.locator("#name-error").innerText()).isEqualTo("Enter the name on the card.");
            assertThat(page.locator("#number-error").innerText()).contains("not valid");
            assertThat(page.locator("#expiry-error").innerText()).contains("month/year");
            assertThat(page.locator("#cvc-error").innerText()).contains("three digits");
            assertThat(page.locator("#number").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(page.locator("#number").inputValue()).isEqualTo("4242 4242 4242 4241");
            chromium.check(page, "checkout-refused");
            // A real card's number is refused too: this page takes no money.
            pay(page, "4111 1111 1111 1111");
            page.waitForSelector("#number-error");
            assertThat(page.locator("#number-error").innerText()).contains("test cards only");

            pay(page, "4242 4242 4242 4242");
            page.waitForURL("**/care/appointments?paid=*");
            String paid = page.url().replaceAll(".*paid=", "");
            String article = "#a-" + paid;
            assertThat(page.locator(".notice").innerText()).isEqualTo("Paid. Your appointment is booked.");
            assertThat(page.locator(article + " .status").innerText()).isEqualTo("Booked");
            assertThat(page.locator(article + " .payment").innerText()).contains("450.00 SEK", "Paid");
            assertThat(page.locator(article + " .refund-policy").innerText()).startsWith("Cancel before");
            chromium.check(page, "paid");

            // Cancelled more than CARE_REFUND_HOURS before the time: refunded, and the time is free again.
            page.click(article + " form.care-cancel button");
            page.waitForURL("**/care/appointments?cancelled=*");
            assertThat(page.locator(article + " .status").innerText()).isEqualTo("Cancelled");
            assertThat(page.locator(article + " .payment-status").innerText()).isEqualTo("Refunded");
            assertThat(page.locator(article + " form.care-cancel").count()).isZero();
            chromium.check(page, "refunded");
            assertThat(Api.require(care.call("GET", "/care-appointments/" + paid, null, staff, Api.newAddress(), null), 200)
                    .body().path("payments").findValuesAsText("kind")).containsExactly("CHARGE", "REFUND");
            CareClinic.awaitFreeSlots(care, doctorId, day, 2);

            // A declined card: the appointment is cancelled and its time given back.
            book(page, web, doctorId, day);
            pay(page, "4000 0000 0000 0002");
            page.waitForURL("**/care/appointments?unpaid=*");
            String declined = page.url().replaceAll(".*unpaid=", "");
            assertThat(page.locator(".notice").innerText()).contains("declined", "free again");
            assertThat(page.locator("#a-" + declined + " .status").innerText()).isEqualTo("Cancelled: the fee was not paid");
            assertThat(page.locator("#a-" + declined + " .payment-status").innerText()).isEqualTo("Payment refused");
            chromium.check(page, "declined");
            CareClinic.awaitFreeSlots(care, doctorId, day, 2);

            // Given up on the payment page: the same.
            book(page, web, doctorId, day);
            CareClinic.awaitFreeSlots(care, doctorId, day, 1);
            page.click("button[value=cancel]");
            page.waitForURL("**/care/appointments?gaveup=*");
            assertThat(page.locator(".notice").innerText()).isEqualTo("You did not pay, so the appointment was cancelled.");
            CareClinic.awaitFreeSlots(care, doctorId, day, 2);
        }
    }

    private static void book(Page page, String web, String doctorId, LocalDate day) {
        page.navigate(web + "/care/doctors/" + doctorId + "?date=" + day + "&lang=en");
        assertThat(page.locator("form.care-book").innerText()).contains("450.00 SEK", "you pay on the payment page");
        page.locator("input[name=slot]").first().check();
        page.click("form.care-book button[type=submit]");
        page.waitForURL("**/care/checkout/local_cs_*");
    }

    private static void pay(Page page, String number) {
        page.fill("#name", "Patient Ada");
        page.fill("#number", number);
        page.fill("#expiry", "12/30");
        page.fill("#cvc", "123");
        page.click("button[value=pay]");
    }

}
