package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;

import io.vaxline.devstack.Service;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.devstack.client.Api;

/**
 * A household keeps a person's records on the web pages: chooses the pharmacy, uploads a PDF and a PNG and watches
 * them being read (the page follows the status by itself), has a file of a type records does not take and a file
 * with a virus refused with a message next to the form, and sees the prescription a doctor issued through records' API. The doctor then
 * searches the patient's documents on the clinic console and finds a word of the PDF; another doctor of the clinic is
 * refused. Each page is checked with axe-core (WCAG 2.1 AA) on a phone-sized screen; screenshots under
 * target/screenshots/records.
 */
class RecordsPagesIT {

    private static final Path SHOTS = Path.of("target", "screenshots", "records");
    /** The EICAR anti-virus test file, which records' default scan hook finds anywhere in a file. */
    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @Test
    void aHouseholdUploadsDocumentsSeesThemReadAndAPrescriptionAndTheDoctorSearchesThem() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Api api = new Api(stack, ContractCheck.INSTANCE);
        Api records = new Api(stack.url(Service.RECORDS), stack.url(Service.NOTIFIER),
                stack.infrastructure().endpoints().secrets().adminApiKey(), ContractCheck.INSTANCE);
        String admin = api.adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String clinicId = "recpage-" + suffix;
        Api.require(api.post("/admin/clinics", Map.of("clinicId", clinicId, "name", "Records clinic " + suffix,
                "address", "Drottninggatan 5, Stockholm", "latitude", 59.33, "longitude", 18.06, "timeZone", "Europe/Stockholm",
                "services", List.of("covid-19")), admin, Api.newAddress()), 201);
        String doctor = Api.require(api.post("/admin/clinics/" + clinicId + "/staff-tokens", Map.of("staffName", "Dr Ana Berg"),
                admin, Api.newAddress()), 200).text("token");
        String otherDoctor = Api.require(api.post("/admin/clinics/" + clinicId + "/staff-tokens", Map.of("staffName", "Dr Olle Ek"),
                admin, Api.newAddress()), 200).text("token");
        String pharmacy = "Apotek Pages " + suffix;
        Api.require(records.post("/pharmacies", Map.of("name", pharmacy), admin, Api.newAddress()), 201);

        String web = stack.url(Service.WEB);
        try (Chromium chromium = Chromium.start(SHOTS)) {
            Browser browser = chromium.browser();
            BrowserContext household = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
            Page page = household.newPage();
            Chromium.logIn(api, page, web, Api.newPhone());
            page.click("details.add-person summary");
            page.fill("#name", "Ada Lovelace");
            page.fill("#birthYear", "1985");
            page.click("details.add-person button[type=submit]");
            page.waitForURL("**/me");
            String personId = page.locator("li.person").first().getAttribute("data-person");

            // From the household page to the person's records; nothing there yet, no pharmacy chosen.
            page.click("li.person[data-person='" + personId + "'] .records-link a");
            page.waitForURL("**/me/records/" + personId);
            assertThat(page.locator("h1").innerText()).isEqualTo("Records: Ada Lovelace");
            assertThat(page.locator("#documents").innerText()).contains("No documents yet.");
            assertThat(page.locator("#pharmacy-now").innerText()).contains("No pharmacy chosen yet");
            chromium.check(page, "records-empty");

            page.selectOption("#pharmacyId", page.locator("#pharmacyId option", new Page.LocatorOptions().setHasText(pharmacy))
                    .getAttribute("value"));
            page.click(".pharmacy-form button[type=submit]");
            page.waitForURL("**/me/records/" + personId + "?pharmacy=1*");
            assertThat(page.locator("#pharmacy-now").innerText()).isEqualTo("Prescriptions are sent to " + pharmacy + ".");

            // A PDF: received, then read (the page asks for the status itself), until done.
            page.setInputFiles("#file", new FilePayload("allergy-note.pdf", "application/pdf",
                    pdf("Allergy note: the patient reacts to penicillin.")));
            page.click("#upload-form button[type=submit]");
            page.waitForURL("**/me/records/" + personId + "?uploaded=1");
            assertThat(page.locator("#upload-ok").innerText()).startsWith("Received.");
            chromium.check(page, "pdf-received");
            page.waitForSelector("li.document[data-step=done]", new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(page.locator("li.document").innerText()).contains("allergy-note.pdf", "Done");

            // A PNG: done with its thumbnail, a picture the browser could draw.
            page.setInputFiles("#file", new FilePayload("rash.png", "image/png", png()));
            page.click("#upload-form button[type=submit]");
            page.waitForURL("**/me/records/" + personId + "?uploaded=1");
            page.waitForSelector("li.document:has-text('rash.png')[data-step=done] img.thumbnail",
                    new Page.WaitForSelectorOptions().setTimeout(90_000));
            page.waitForFunction("() => { const i = document.querySelector('img.thumbnail'); return i && i.complete && i.naturalWidth > 0; }");
            Object width = page.evaluate("() => document.querySelector('img.thumbnail').naturalWidth");
            assertThat(((Number) width).intValue()).isBetween(1, 200);
            assertThat(page.locator("img.thumbnail").getAttribute("alt")).isEqualTo("Picture: rash.png");
            assertThat(page.locator("li.document[data-step=done]").count()).isEqualTo(2);
            chromium.check(page, "both-done-with-thumbnail");

            // Without script the page is the same on a reload: the server renders the status.
            BrowserContext noScript = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setJavaScriptEnabled(false));
            noScript.addCookies(household.cookies());
            Page plain = noScript.newPage();
            plain.navigate(web + "/me/records/" + personId + "?lang=en");
            assertThat(plain.locator("li.document[data-step=done]").count()).isEqualTo(2);
            noScript.close();

            // A file of a type records does not take is refused next to the form, saying what to do; the page stays usable.
            page.setInputFiles("#file", new FilePayload("notes.txt", "text/plain",
                    "Just some words in a text file.".getBytes(StandardCharsets.UTF_8)));
            page.click("#upload-form button[type=submit]");
            page.waitForSelector("#upload-problem");
            assertThat(page.locator("#upload-problem").innerText()).contains("This kind of file is not accepted",
                    "Upload a PDF, a Word document (.docx), a PNG or a JPEG image instead");
            assertThat(page.locator("#file").getAttribute("aria-describedby")).contains("upload-problem");
            assertThat(page.locator("li.document").count()).isEqualTo(2);
            chromium.check(page, "wrong-type-refused");

            // A PDF carrying the anti-virus test file: records' scan hook refuses it, and the page says what to do.
            page.setInputFiles("#file", new FilePayload("scan.pdf", "application/pdf", pdf("Scan " + EICAR)));
            page.click("#upload-form button[type=submit]");
            page.waitForSelector("#upload-problem");
            assertThat(page.locator("#upload-problem").innerText()).contains("found a virus in the file",
                    "upload a clean copy");
            assertThat(page.locator("li.document").count()).isEqualTo(2);

            // A scan larger than records takes at all (beyond its request limit, not only its document limit).
            byte[] big = new byte[12 * 1024 * 1024];
            java.util.Arrays.fill(big, (byte) ' ');
            System.arraycopy(pdf("Big"), 0, big, 0, pdf("Big").length);
            page.setInputFiles("#file", new FilePayload("big-scan.pdf", "application/pdf", big));
            page.click("#upload-form button[type=submit]");
            page.waitForSelector("#upload-problem");
            assertThat(page.locator("#upload-problem").innerText()).contains("The file is too large", "Choose a smaller file");
            assertThat(page.locator("li.document").count()).isEqualTo(2);

            // The doctor prescribes through records' API; the household sees it with its dosage and pharmacy.
            Api.require(records.post("/prescriptions", Map.of("personId", personId, "medication", "Cetirizine 10 mg",
                    "dosage", "1 tablet in the evening for 14 days"), doctor, Api.newAddress()), 201);
            page.navigate(web + "/me/records/" + personId + "?lang=en");
            String prescription = page.locator("li.prescription").innerText();
            assertThat(prescription).contains("Cetirizine 10 mg", "1 tablet in the evening for 14 days",
                    "waiting at the pharmacy", pharmacy);
            chromium.check(page, "prescription");

            // In Swedish: the same page in the person's language.
            page.navigate(web + "/me/records/" + personId + "?lang=sv");
            assertThat(page.locator("h1").innerText()).isEqualTo("Journalhandlingar: Ada Lovelace");
            assertThat(page.locator("li.prescription").innerText()).contains("Dosering", "väntar på apoteket");
            assertThat(page.locator("li.document[data-step=done]").first().innerText()).contains("Klar");
            chromium.check(page, "prescription-sv");

            // The patient's doctor finds the word of the PDF on the clinic console; another doctor is refused.
            Page console = staffPage(browser, web, doctor, clinicId);
            console.click("nav.console-nav a[href='/clinic/" + clinicId + "/documents']");
            console.waitForURL("**/clinic/" + clinicId + "/documents");
            console.fill("#person", personId);
            console.fill("#q", "penicillin");
            console.click("form.documents-search button[type=submit]");
            console.waitForSelector("li.hit");
            assertThat(console.locator("#hits-heading").innerText()).isEqualTo("Documents found: 1");
            assertThat(console.locator("li.hit").innerText()).contains("allergy-note.pdf");
            assertThat(console.locator("li.hit mark").innerText()).isEqualToIgnoringCase("penicillin");
            chromium.check(console, "doctor-search");

            Page other = staffPage(browser, web, otherDoctor, clinicId);
            other.navigate(web + "/clinic/" + clinicId + "/documents?lang=en&person=" + personId + "&q=penicillin");
            assertThat(other.locator("#search-problem").innerText()).contains("You may not search this patient's documents");
            assertThat(other.locator("li.hit").count()).isZero();
            chromium.check(other, "other-doctor-refused");
        }
    }

    private static Page staffPage(Browser browser, String web, String token, String clinicId) {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)).newPage();
        page.navigate(web + "/clinic/login?lang=en");
        page.fill("#token", token);
        page.click("#staff-login button[type=submit]");
        page.waitForURL("**/clinic/" + clinicId);
        return page;
    }

    /** A one-page PDF with a line of text in Helvetica, its cross-reference table pointing at each object. */
    static byte[] pdf(String line) {
        String content = "BT /F1 14 Tf 20 100 Td (" + line + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xF4, 0xC7, 0xB0));
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(0xC0, 0x39, 0x2B));
        g.fillOval(120, 80, 160, 120);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
