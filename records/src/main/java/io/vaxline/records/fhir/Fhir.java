package io.vaxline.records.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The FHIR R4 resources records serves, built with HAPI's model and written by its JSON parser, then put in
 * canonical form (members sorted by name at every level, no white space), which is what is signed and served.
 */
public final class Fhir {

    public static final String MEDIA_TYPE = "application/fhir+json";
    /** ATC, the WHO's classification of medicines, when the doctor gives a code. */
    public static final String ATC = "http://www.whocc.no/atc";
    /** Staff of a clinic, by the name on their staff token; the clinic's id follows. */
    public static final String STAFF_SYSTEM = "urn:vaxline:clinic-staff:";

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** What the doctor prescribes. */
    public record Order(String prescriptionId, String personId, String clinicId, String doctorId, String pharmacyId,
            String medication, String atcCode, String dosage, Integer quantity, Instant authoredOn) {
    }

    private Fhir() {
    }

    public static MedicationRequest medicationRequest(Order order) {
        MedicationRequest request = new MedicationRequest();
        request.setId(order.prescriptionId());
        request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        CodeableConcept medication = new CodeableConcept().setText(order.medication());
        if (order.atcCode() != null) {
            medication.addCoding(new Coding(ATC, order.atcCode(), order.medication()));
        }
        request.setMedication(medication);
        request.setSubject(new Reference("Patient/" + order.personId()));
        // A doctor is known by the clinic's staff name, which may hold spaces (no FHIR id): an identifier, not a reference.
        request.setRequester(new Reference().setType("Practitioner").setIdentifier(new Identifier()
                .setSystem(STAFF_SYSTEM + order.clinicId()).setValue(order.doctorId()))
                .setDisplay(order.doctorId() + " (clinic " + order.clinicId() + ")"));
        request.setAuthoredOn(Date.from(order.authoredOn()));
        request.addDosageInstruction(new Dosage().setText(order.dosage()));
        MedicationRequest.MedicationRequestDispenseRequestComponent dispense = request.getDispenseRequest();
        dispense.setPerformer(new Reference("Organization/" + order.pharmacyId()));
        if (order.quantity() != null) {
            dispense.setQuantity(new Quantity().setValue(order.quantity()).setUnit("unit"));
        }
        return request;
    }

    public static MedicationDispense dispense(String prescriptionId, String personId, String pharmacyId, Instant when) {
        MedicationDispense dispense = new MedicationDispense();
        dispense.setId(prescriptionId + "-dispense");
        dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
        dispense.setSubject(new Reference("Patient/" + personId));
        dispense.addAuthorizingPrescription(new Reference("MedicationRequest/" + prescriptionId));
        dispense.addPerformer().setActor(new Reference("Organization/" + pharmacyId));
        dispense.setWhenHandedOver(Date.from(when));
        dispense.setMedication(new CodeableConcept().setText("as prescribed in MedicationRequest/" + prescriptionId));
        return dispense;
    }

    /** A search result: the resources as they are stored (their canonical JSON), in a searchset Bundle. */
    public static String searchset(List<String> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.size());
        IParser parser = CONTEXT.newJsonParser();
        resources.forEach(json -> bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) parser.parseResource(json)));
        return canonical(bundle);
    }

    public static String canonical(IBaseResource resource) {
        String json = CONTEXT.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return CONTEXT.newJsonParser().parseResource(type, json);
    }
}
