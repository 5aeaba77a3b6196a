package io.vaxline.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * Checks a document the way an integrator's linter would (the rules of Redocly's recommended set
 * that matter to a client generator, and Vaxline's own): a server to call; every operation with an
 * id, a summary, a success answer, a client-error answer when it takes input or a token, and a
 * security requirement, empty when it is public; 401 and 403 where a token is needed; every error answer a problem document; every
 * example valid against its own schema.
 */
public final class ContractLint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private ContractLint() {
    }

    /** What is wrong with the document; empty when nothing is. */
    public static List<String> problems(String document) {
        ParseOptions options = new ParseOptions();
        // $refs stay as they are: a shared answer is checked once, under components.
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> problems = new ArrayList<>();
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(m -> problems.add("document: " + m));
        }
        OpenAPI api = parsed.getOpenAPI();
        if (api == null) {
            problems.add("document: not an OpenAPI document");
            return problems;
        }
        // The parser fills in "/" for a document without servers; ask the document itself.
        if (!declaresServers(document)) {
            problems.add("servers: empty; name the URL the service answers on");
        } else {
            api.getServers().stream().filter(s -> s.getUrl() == null || s.getUrl().contains("example.com"))
                    .forEach(s -> problems.add("servers: " + s.getUrl() + " is not a URL of the service"));
        }
        Set<String> schemes = api.getComponents() == null || api.getComponents().getSecuritySchemes() == null ? Set.of()
                : api.getComponents().getSecuritySchemes().keySet();
        SchemaValidator schemas = new SchemaValidator(api, new MessageResolver());
        Set<String> operationIds = new HashSet<>();
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    operation(api, method + " " + path, item, operation, schemes, operationIds, schemas, problems)));
        }
        if (api.getComponents() != null) {
            if (api.getComponents().getResponses() != null) {
                api.getComponents().getResponses().forEach((name, response) ->
                        content("components.responses." + name, response.getContent(), schemas, problems));
            }
            if (api.getComponents().getSchemas() != null) {
                api.getComponents().getSchemas().forEach((name, schema) ->
                        schemaExamples("components.schemas." + name, schema, schemas, problems, new HashSet<>()));
            }
        }
        return problems;
    }

    private static void operation(OpenAPI api, String name, PathItem item, Operation operation, Set<String> schemes,
            Set<String> operationIds, SchemaValidator schemas, List<String> problems) {
        if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
            problems.add(name + ": no operationId");
        } else if (!operationIds.add(operation.getOperationId())) {
            problems.add(name + ": operationId " + operation.getOperationId() + " is used by another operation");
        }
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            problems.add(name + ": no summary");
        }
        if (operation.getSecurity() == null) {
            problems.add(name + ": no security requirement; a public operation says security: []");
        } else {
            operation.getSecurity().forEach(requirement -> requirement.keySet().stream()
                    .filter(scheme -> !schemes.contains(scheme))
                    .forEach(scheme -> problems.add(name + ": security scheme " + scheme + " is not defined")));
        }
        Map<String, ApiResponse> responses = operation.getResponses() == null ? Map.of() : operation.getResponses();
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
            problems.add(name + ": no success answer");
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty())
                || (operation.getSecurity() != null && !operation.getSecurity().isEmpty());
        if (takesInput && responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
            problems.add(name + ": takes input but declares no client-error answer");
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            for (String code : List.of("401", "403")) {
                if (!responses.containsKey(code)) {
                    problems.add(name + ": needs a token but does not declare " + code);
                }
            }
        }
        responses.forEach((code, declared) -> {
            String at = name + " " + code;
            ApiResponse response = declared;
            if (declared.get$ref() != null) {
                String component = declared.get$ref().substring(declared.get$ref().lastIndexOf('/') + 1);
                response = api.getComponents() == null || api.getComponents().getResponses() == null ? null
                        : api.getComponents().getResponses().get(component);
                if (response == null) {
                    problems.add(at + ": refers to " + declared.get$ref() + ", which is not defined");
                    return;
                }
            }
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                problems.add(at + ": no description");
            }
            if (code.matches("[45]\\d\\d") && response.getContent() != null) {
                MediaType problem = response.getContent().get(PROBLEM_MEDIA_TYPE);
                if (problem == null || problem.getSchema() == null || !isProblem(problem.getSchema())) {
                    problems.add(at + ": an error answer is a problem document (" + PROBLEM_MEDIA_TYPE
                            + " with the Problem schema)");
                }
            }
            if (declared.get$ref() == null) {
                content(at, response.getContent(), schemas, problems);
            }
        });
        if (operation.getRequestBody() != null) {
            content(name + " request", operation.getRequestBody().getContent(), schemas, problems);
        }
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        for (Parameter parameter : parameters) {
            String at = name + " parameter " + parameter.getName();
            if (parameter.getExample() != null && parameter.getSchema() != null) {
                example(at, parameter.getExample(), parameter.getSchema(), schemas, problems);
            }
            if (parameter.getExamples() != null && parameter.getSchema() != null) {
                parameter.getExamples().forEach((key, ex) -> example(at + " example " + key, ex.getValue(),
                        parameter.getSchema(), schemas, problems));
            }
        }
    }

    private static boolean declaresServers(String document) {
        try {
            JsonNode servers = JSON.readTree(document).path("servers");
            return servers.isArray() && !servers.isEmpty();
        } catch (java.io.IOException e) {
            return true; // YAML: leave it to the parser's model
        }
    }

    private static boolean isProblem(Schema<?> schema) {
        if (PROBLEM_REF.equals(schema.get$ref())) {
            return true;
        }
        return schema.getAllOf() != null && schema.getAllOf().stream().anyMatch(s -> PROBLEM_REF.equals(s.get$ref()));
    }

    private static void content(String at, Content content, SchemaValidator schemas, List<String> problems) {
        if (content == null) {
            return;
        }
        content.forEach((type, media) -> {
            if (media.getSchema() == null) {
                if (media.getExample() != null || media.getExamples() != null) {
                    problems.add(at + " " + type + ": examples without a schema to hold them to");
                }
                return;
            }
            if (media.getExample() != null) {
                example(at + " " + type + " example", media.getExample(), media.getSchema(), schemas, problems);
            }
            if (media.getExamples() != null) {
                for (Map.Entry<String, Example> ex : media.getExamples().entrySet()) {
                    example(at + " " + type + " example " + ex.getKey(), ex.getValue().getValue(), media.getSchema(),
                            schemas, problems);
                }
            }
        });
    }

    @SuppressWarnings("rawtypes")
    private static void schemaExamples(String at, Schema<?> schema, SchemaValidator schemas, List<String> problems,
            Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (schema.getExample() != null) {
            example(at + " example", schema.getExample(), schema, schemas, problems);
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                schemaExamples(at + "." + property.getKey(), property.getValue(), schemas, problems, seen);
            }
        }
    }

    private static void example(String at, Object value, Schema<?> schema, SchemaValidator schemas, List<String> problems) {
        // The parser reads a date example into java.time; swagger's own mapper writes it back as the document had it.
        JsonNode node = value instanceof JsonNode json ? json
                : value instanceof java.util.Date date && "date".equals(schema.getFormat())
                        ? JSON.getNodeFactory().textNode(date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString())
                        : io.swagger.v3.core.util.Json.mapper().valueToTree(value);
        ValidationReport report = schemas.validate(() -> node, schema, "example");
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> problems.add(at + ": does not match its schema: " + m.getMessage()));
    }
}
