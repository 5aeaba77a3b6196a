package io.vaxline.problems.openapi;

import static io.vaxline.problems.openapi.ContractModel.BAD_REQUEST;
import static io.vaxline.problems.openapi.ContractModel.FORBIDDEN;
import static io.vaxline.problems.openapi.ContractModel.INVALID_REQUEST;
import static io.vaxline.problems.openapi.ContractModel.SCHEME_OF_ROLE;
import static io.vaxline.problems.openapi.ContractModel.SERVER_ERROR;
import static io.vaxline.problems.openapi.ContractModel.UNAUTHORIZED;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quarkus.smallrye.openapi.OpenApiFilter;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Makes each operation say what the code around it does, from what the code declares, so the
 * document cannot drift from it:
 * <ul>
 * <li>security: Quarkus lists the {@code @RolesAllowed} roles of an operation as scopes of {@link
 * ContractModel}'s placeholder scheme; each role becomes its own scheme here (person, clinicStaff,
 * administrator) as alternatives, and an operation without roles says so ({@code security: []}). A
 * role without a scheme fails the start.</li>
 * <li>the answers every operation of a kind gives: 401 and 403 when it needs a token, 400 when it
 * reads a JSON body (not JSON of the expected shape), 413 and 415 when it reads a body, 422 when it
 * takes a body or parameters (the bean validation and the checks behind it), 500 from all; each a
 * problem document.</li>
 * <li>schemas as Jackson writes them: see {@link #asSerialized}.</li>
 * </ul>
 * The answers particular to an operation (201, 202, 404, 409, 429, 503) are declared on it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ContractFilter implements OASFilter {

    /** The scheme Quarkus lists the roles of {@code @RolesAllowed} under; replaced by one scheme per role. */
    static final String ROLES_SCHEME = "roles";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSecuritySchemes() != null) {
            openAPI.getComponents().removeSecurityScheme(ROLES_SCHEME);
        }
        ContractModel.securitySchemes().forEach(openAPI.getComponents()::addSecurityScheme);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            boolean secured = security(method + " " + path, operation);
            responses(item, operation, secured);
        }));
        // A pharmacy's key is records' alone, care's service token booking-api's: other documents do not offer them.
        for (String own : java.util.List.of(ContractModel.PHARMACY_SCHEME, "canceller")) {
            boolean used = openAPI.getPaths().getPathItems().values().stream()
                    .flatMap(item -> item.getOperations().values().stream())
                    .filter(operation -> operation.getSecurity() != null)
                    .anyMatch(operation -> operation.getSecurity().stream().anyMatch(r -> r.hasScheme(own)));
            if (!used) {
                openAPI.getComponents().removeSecurityScheme(own);
            }
        }
        if (openAPI.getComponents().getSchemas() != null) {
            aliases(openAPI);
            // Every schema of a Java type may also be written as null where a property refers to it
            // (a $ref cannot say so itself in OpenAPI 3.0); the problem's own schemas never are.
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                asSerialized(schema);
                if (!ContractModel.PROBLEM.equals(name) && !"FieldError".equals(name) && schema.getType() != null
                        && !schema.getType().contains(Schema.SchemaType.NULL)) {
                    schema.addType(Schema.SchemaType.NULL);
                }
            });
        }
    }

    /** A schema that only refers to another ({@link ProblemSchema}) is replaced by the one it refers to. */
    private static void aliases(OpenAPI openAPI) {
        Map<String, String> alias = new TreeMap<>();
        openAPI.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getRef() != null && schema.getProperties() == null && schema.getAllOf() == null) {
                alias.put("#/components/schemas/" + name, schema.getRef());
            }
        });
        alias.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(ref.lastIndexOf('/') + 1)));
        java.util.function.Consumer<Schema> replace = new java.util.function.Consumer<>() {
            @Override
            public void accept(Schema schema) {
                if (schema == null) {
                    return;
                }
                if (schema.getRef() != null && alias.containsKey(schema.getRef())) {
                    schema.setRef(alias.get(schema.getRef()));
                }
                if (schema.getAllOf() != null) {
                    schema.getAllOf().forEach(this);
                }
                if (schema.getProperties() != null) {
                    schema.getProperties().values().forEach(this);
                }
                accept(schema.getItems());
            }
        };
        openAPI.getComponents().getSchemas().values().forEach(replace);
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().getAPIResponses().values().stream().filter(r -> r.getContent() != null)
                        .forEach(r -> r.getContent().getMediaTypes().values().forEach(m -> replace.accept(m.getSchema())));
            }
        }));
    }

    /**
     * What Jackson sends for a schema of a Java type: a property not marked required may be null
     * (Jackson writes nulls), an object without declared members (JsonNode, Map) has any, and a
     * pattern in Java's own syntax ({@code \p{L}}) is not one JSON Schema tools read (ECMA 262), so
     * it moves to the description and the service checks it (422).
     */
    private static void asSerialized(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (property.getPattern() != null && property.getPattern().contains("\\p{")) {
                property.setDescription((property.getDescription() == null ? "" : property.getDescription() + " ")
                        + "Must match the Java pattern " + property.getPattern() + ".");
                property.setPattern(null);
            }
            if (property.getType() != null && property.getType().contains(Schema.SchemaType.OBJECT)
                    && property.getProperties() == null && property.getAdditionalPropertiesSchema() == null
                    && property.getAdditionalPropertiesBoolean() == null) {
                property.setAdditionalPropertiesBoolean(true); // a JsonNode or a Map: any members
            }
            if (!required.contains(name) && property.getRef() == null && property.getType() != null
                    && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        });
    }

    private static boolean security(String name, Operation operation) {
        List<SecurityRequirement> alternatives = new ArrayList<>();
        for (SecurityRequirement requirement : operation.getSecurity() == null ? List.<SecurityRequirement>of()
                : operation.getSecurity()) {
            requirement.getSchemes().forEach((scheme, roles) -> {
                if (!ROLES_SCHEME.equals(scheme)) {
                    alternatives.add(OASFactory.createSecurityRequirement().addScheme(scheme));
                    return;
                }
                for (String role : roles) {
                    String mapped = SCHEME_OF_ROLE.get(role);
                    if (mapped == null) {
                        throw new IllegalStateException(name + " allows role '" + role
                                + "', which has no security scheme in ContractModel.SCHEME_OF_ROLE");
                    }
                    alternatives.add(OASFactory.createSecurityRequirement().addScheme(mapped));
                }
            });
        }
        operation.setSecurity(alternatives);
        return !alternatives.isEmpty();
    }

    private static void responses(PathItem item, Operation operation, boolean secured) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        boolean hasParameters = (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        boolean hasBody = operation.getRequestBody() != null;
        if (secured) {
            standard(responses, "401", UNAUTHORIZED);
            standard(responses, "403", FORBIDDEN);
        }
        if (hasBody && jsonBody(operation)) {
            standard(responses, "400", BAD_REQUEST);
        }
        if (hasBody) {
            standard(responses, "413", ContractModel.PAYLOAD_TOO_LARGE);
            standard(responses, "415", ContractModel.UNSUPPORTED_MEDIA_TYPE);
        }
        if (hasBody || hasParameters) {
            standard(responses, "422", INVALID_REQUEST);
        }
        standard(responses, "500", SERVER_ERROR);
        standard(responses, "503", ContractModel.SERVICE_UNAVAILABLE);
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        APIResponses ordered = OASFactory.createAPIResponses();
        sorted.forEach(ordered::addAPIResponse);
        operation.setResponses(ordered);
    }

    private static boolean jsonBody(Operation operation) {
        return operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().getMediaTypes().keySet().stream()
                        .anyMatch(type -> type.contains("json"));
    }

    /** Adds the standard answer, or replaces one Quarkus added without content (its 401 and 403). */
    private static void standard(APIResponses responses, String status, String component) {
        APIResponse present = responses.getAPIResponse(status);
        if (present == null || (present.getRef() == null && present.getContent() == null)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}
