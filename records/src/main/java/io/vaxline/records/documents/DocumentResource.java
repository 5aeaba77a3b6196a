package io.vaxline.records.documents;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.vaxline.problems.InvalidInput;
import io.vaxline.records.prescriptions.Prescriptions;
import io.vaxline.records.security.Caller;

/**
 * A patient's documents: the household uploads and follows them; the patient's doctor searches their text. "The
 * patient's doctor" is, simply, a doctor who has prescribed for the patient (records knows no other care
 * relationship yet): any other doctor, and any other household, is refused.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "Documents and images on a patient's record")
public class DocumentResource {

    @Inject
    Caller caller;

    @Inject
    Documents documents;

    @Inject
    DocumentStore store;

    @Inject
    Prescriptions prescriptions;

    @POST
    @Path("people/{personId}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "uploadDocument", summary = "Upload a document or image (PDF, .docx, PNG, JPEG) to the person's record")
    @APIResponse(responseCode = "202", description = "Stored (encrypted); scanning and text extraction follow (see its status)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Documents.View.class)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response upload(@PathParam("personId") String personId,
            @RestForm("file") @Schema(type = SchemaType.STRING, format = "binary") FileUpload file) throws IOException {
        caller.requirePerson(personId);
        if (file == null) {
            throw new InvalidInput("file", "Send the document as the multipart field \"file\".");
        }
        byte[] content = Files.readAllBytes(file.uploadedFile());
        return Response.accepted(documents.upload(personId, file.fileName(), file.contentType(), content)).build();
    }

    @GET
    @Path("people/{personId}/documents")
    @RolesAllowed({ Caller.PERSON, Caller.ADMIN })
    @Operation(operationId = "listDocuments", summary = "The person's documents with their status, newest first")
    @APIResponse(responseCode = "200", description = "Each document and how far its processing is")
    public List<Documents.View> list(@PathParam("personId") String personId) {
        caller.requirePerson(personId);
        return documents.ofPerson(personId);
    }

    @GET
    @Path("people/{personId}/documents/{documentId}")
    @RolesAllowed({ Caller.PERSON, Caller.ADMIN })
    @Operation(operationId = "getDocument", summary = "One document's status (uploaded, scanning, extracting, ready, rejected)")
    @APIResponse(responseCode = "200", description = "The document and its status; a rejected one says why")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Documents.View get(@PathParam("personId") String personId, @PathParam("documentId") String documentId) {
        caller.requirePerson(personId);
        return documents.of(personId, documentId).orElseThrow(() -> new NotFoundException("No document " + documentId));
    }

    @GET
    @Path("people/{personId}/documents/{documentId}/thumbnail")
    @Produces("image/png")
    @RolesAllowed({ Caller.PERSON, Caller.ADMIN })
    @Operation(operationId = "getDocumentThumbnail", summary = "An image's thumbnail (PNG, at most 200 pixels a side)")
    @APIResponse(responseCode = "200", description = "The thumbnail",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response thumbnail(@PathParam("personId") String personId, @PathParam("documentId") String documentId) {
        caller.requirePerson(personId);
        Documents.View document = documents.of(personId, documentId).orElseThrow(() -> new NotFoundException("No document " + documentId));
        byte[] png = document.thumbnail() ? store.get(documentId + ".thumb.png") : null;
        if (png == null) {
            throw new NotFoundException("Document " + documentId + " has no thumbnail");
        }
        return Response.ok(png, "image/png").build();
    }

    @GET
    @Path("patients/{personId}/documents/search")
    @RolesAllowed(Caller.CLINIC)
    @Operation(operationId = "searchPatientDocuments", summary = "Search the text of a patient's documents (the patient's doctor only)")
    @APIResponse(responseCode = "200", description = "Matching documents, best first, with the passages that match")
    public List<Documents.Hit> search(@PathParam("personId") String personId, @QueryParam("q") String query) {
        Caller.Doctor doctor = caller.doctor();
        if (query == null || query.isBlank() || query.length() > 200) {
            throw new InvalidInput("q", "Words to search for (at most 200 characters).");
        }
        if (prescriptions.byDoctorFor(doctor, personId).isEmpty()) {
            throw new ForbiddenException("Only the patient's doctor (one who has prescribed for them) may search their documents.");
        }
        return documents.search(personId, query);
    }
}
