package io.vaxline.care;

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
        return "http://127.0.0.1:8086";
    }

    @Override
    protected List<String> operations() {
        return List.of("addDoctor", "listDoctors", "setWeeklyHours", "setCalendarException", "addAppointmentType",
                "listDoctorSlots", "bookDoctor", "listHouseholdCareAppointments", "listDoctorAppointments",
                "cancelCareAppointment", "moveCareAppointment", "recordConsultationNote");
    }
}
