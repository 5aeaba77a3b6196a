package io.vaxline.problems.openapi;

import static org.eclipse.microprofile.openapi.OASFactory.createComponents;
import static org.eclipse.microprofile.openapi.OASFactory.createContent;
import static org.eclipse.microprofile.openapi.OASFactory.createExample;
import static org.eclipse.microprofile.openapi.OASFactory.createHeader;
import static org.eclipse.microprofile.openapi.OASFactory.createMediaType;
import static org.eclipse.microprofile.openapi.OASFactory.createObject;
import static org.eclipse.microprofile.openapi.OASFactory.createOpenAPI;
import static org.eclipse.microprofile.openapi.OASFactory.createSchema;
import static org.eclipse.microprofile.openapi.OASFactory.createSecurityScheme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vaxline.problems.Problem;

import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every Vaxline service's OpenAPI document shares: the one problem schema (RFC 9457 with
 * {@code errors[]}), the error answers built on it, and the three kinds of token. Operations refer
 * to these by name ({@code @APIResponse(responseCode = "404", ref = "NotFound")}); {@link
 * ContractFilter} adds the answers every operation of a kind gives.
 */
public class ContractModel implements OASModelReader {

    /** Security schemes, by the token role that grants them (the roles of {@code @RolesAllowed}). */
    public static final Map<String, String> SCHEME_OF_ROLE = Map.of(
            "person", "person",
            "clinic", "clinicStaff",
            "admin", "administrator",
            "canceller", "canceller",
            "pharmacy", ContractModel.PHARMACY_SCHEME);

    /** Pharmacies send a key, not a token (records only). */
    public static final String PHARMACY_SCHEME = "pharmacy";

    public static final String PROBLEM = "Problem";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";
    public static final String SERVER_ERROR = "ServerError";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";

    @Override
    public OpenAPI buildModel() {
        Map<String, APIResponse> responses = new LinkedHashMap<>();
        responses.put(BAD_REQUEST, problem("The body is not JSON of the expected shape; `errors` names where reading stopped.",
                Problem.invalid(400, "The request body is not valid JSON for this endpoint",
                        List.of(new Problem.FieldError("birthYear", "Cannot deserialize value of type `java.lang.Integer` from String \"nineteen\"")))));
        responses.put(PAYLOAD_TOO_LARGE, problem("The body is larger than the service accepts; `detail` names the limit.",
                Problem.of(413, "body-too-large", "The request body is too large",
                        "Request bodies other than CSV uploads are limited to 1048576 bytes.")));
        responses.put(UNSUPPORTED_MEDIA_TYPE, problem("The body's Content-Type is not one the operation reads; `detail` names it.",
                Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                        "The content-type header value did not match the value in @Consumes")));
        responses.put(UNAUTHORIZED, problem("No token, or one that is expired or not signed by Vaxline; `detail` says how to get one.",
                Problem.of(401, "unauthenticated", "Log in first",
                        "This needs a valid token in the Authorization header (Bearer …): log in with a one-time code (POST /otp, then POST /otp/verify), or as staff.")));
        responses.put(FORBIDDEN, problem("The token is valid but does not allow this: another role, another clinic or another household.",
                Problem.of(403, "forbidden", "Not allowed", "Your token is for clinic sodermalm, not kungsholmen.")));
        responses.put(NOT_FOUND, problem("Nothing with this id exists, or it is not the caller's to see.",
                Problem.of(404, "not-found", "Not found", "No clinic kungsholmen")));
        responses.put(CONFLICT, problem("The request contradicts the current state; `type` names which conflict.",
                Problem.of(409, "conflict", "Conflict", "The campaign has already been launched.")));
        responses.put(INVALID_REQUEST, problem("One or more fields or parameters are invalid; `errors` names each with what is wrong.",
                Problem.invalid(422, "The request is not valid",
                        List.of(new Problem.FieldError("phone", "must be a phone number in international form, e.g. +46701234567")))));
        APIResponse tooMany = problem("Too many requests of this kind from this caller; wait the seconds in Retry-After.",
                Problem.of(429, "too-many-requests", "Too many requests",
                        "Too many code requests for this phone number; try again in 10 minutes."));
        tooMany.addHeader("Retry-After", createHeader().description("Seconds to wait before asking again.")
                .schema(createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ONE)));
        responses.put(TOO_MANY_REQUESTS, tooMany);
        responses.put(SERVER_ERROR, problem("Something failed on the service's side; nothing was changed half-way. Try again.",
                Problem.of(500, "internal-error", "Internal error",
                        "Something went wrong on our side; try again, and report it if it persists.")));
        responses.put(SERVICE_UNAVAILABLE, problem("The database or the schema registry is unavailable for the moment; nothing was done "
                + "that the same request cannot safely do again. Send it again after `Retry-After` seconds.",
                Problem.of(503, "unavailable", "Temporarily unavailable",
                        "A service this request needs is unavailable for the moment; send the same request again in a few seconds.")));
        responses.put(UNAVAILABLE, problem("PostgreSQL or Kafka did not answer in time; `detail` says what was applied and when repeating is safe.",
                Problem.of(503, "upload-stalled", "The upload stopped", "PostgreSQL or Kafka did not answer within 60 s after row 1200; "
                        + "rows before it were applied, and uploading the whole file again is safe once they answer")));

        // Quarkus names the roles of @RolesAllowed as scopes of the first scheme, when that scheme has
        // scopes (OAuth 2); ContractFilter turns them into the token kinds and drops this one.
        Map<String, SecurityScheme> placeholder = Map.of(ContractFilter.ROLES_SCHEME, createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2).flows(org.eclipse.microprofile.openapi.OASFactory.createOAuthFlows()));
        return createOpenAPI().components(createComponents()
                .schemas(Map.of(PROBLEM, problemSchema(), "FieldError", fieldErrorSchema()))
                .responses(responses)
                .securitySchemes(placeholder));
    }

    /**
     * The token kinds, by scheme name. {@link ContractFilter} adds them: Quarkus finds the roles of
     * {@code @RolesAllowed} only while no scheme is declared.
     */
    static Map<String, SecurityScheme> securitySchemes() {
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put("person", bearer("A person's token: POST /otp, then POST /otp/verify. It names a household "
                + "and its people; it reaches only their data."));
        schemes.put("clinicStaff", bearer("A clinic's staff token (POST /admin/clinics/{clinicId}/staff-tokens, "
                + "by an administrator). It names one clinic and reaches only that clinic's sessions, stock, roster and uploads."));
        schemes.put("administrator", bearer("An administrator's token: POST /admin/login with the API key. It reaches every clinic."));
        schemes.put("canceller", bearer("care's service token (POST /services/login with booking-api's CARE_API_KEY). It "
                + "may cancel an appointment with a reason at any clinic, and nothing else."));
        schemes.put(PHARMACY_SCHEME, createSecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name("X-Pharmacy-Key").description("A pharmacy's key (records: POST /pharmacies, by an administrator). "
                        + "It reaches only the prescriptions sent to that pharmacy."));
        return schemes;
    }

    private static SecurityScheme bearer(String description) {
        return createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description(description);
    }

    private static Schema problemSchema() {
        return createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document. Besides the standard members it may carry extension members "
                        + "(a booking's `reason`, fresh `availability`), named in the operation that answers them.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", createSchema().addType(Schema.SchemaType.STRING).format("uri")
                        .description("Identifies the kind of problem: " + Problem.TYPE_BASE + "<kind>."))
                .addProperty("title", createSchema().addType(Schema.SchemaType.STRING)
                        .description("A short summary of the kind of problem."))
                .addProperty("status", createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", createSchema().addType(Schema.SchemaType.STRING)
                        .description("What went wrong this time, and what to do about it."))
                .addProperty("errors", createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Each field or parameter at fault (invalid-request only).")
                        .items(createSchema().ref(FIELD_ERROR_REF)))
                .additionalPropertiesBoolean(true);
    }

    private static final String FIELD_ERROR_REF = "#/components/schemas/FieldError";

    private static Schema fieldErrorSchema() {
        return createSchema().addType(Schema.SchemaType.OBJECT).required(List.of("field", "message"))
                .addProperty("field", createSchema().addType(Schema.SchemaType.STRING)
                        .description("The field's JSON path in the body (`person.phone`, `items[2]`), or the parameter's name."))
                .addProperty("message", createSchema().addType(Schema.SchemaType.STRING));
    }

    private static APIResponse problem(String description, Problem example) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", example.type.toString());
        value.put("title", example.title);
        value.put("status", example.status);
        value.put("detail", example.detail);
        if (example.errors != null) {
            value.put("errors", example.errors.stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        return createObject(APIResponse.class).description(description).content(createContent()
                .addMediaType(Problem.MEDIA_TYPE, createMediaType()
                        .schema(createSchema().ref("#/components/schemas/" + PROBLEM))
                        .addExample(example.type.toString().substring(Problem.TYPE_BASE.length()),
                                createExample().value(value))));
    }
}
