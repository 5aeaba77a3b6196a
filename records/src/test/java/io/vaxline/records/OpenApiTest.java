package io.vaxline.records;

import java.util.List;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.contract.ServedDocumentTest;
import io.vaxline.devstack.InfrastructureTestResource;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OpenApiTest extends ServedDocumentTest {

    @Override
    protected String server() {
        return "http://127.0.0.1:8087";
    }

    @Override
    protected List<String> operations() {
        return List.of("issuePrescription", "listPersonPrescriptions", "listPrescriptionSigningKeys", "registerPharmacy",
                "choosePharmacy", "readMedicationRequest", "searchMedicationRequests", "dispenseMedicationRequest", "uploadDocument",
                "listDocuments", "getDocument", "getDocumentThumbnail", "searchPatientDocuments");
    }
}
