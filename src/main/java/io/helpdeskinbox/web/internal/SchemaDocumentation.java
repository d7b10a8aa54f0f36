package io.helpdeskinbox.web.internal;

import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The members of the document's schemas as the service sends them: which can be null (OpenAPI
 * 3.1's {@code type: [X, "null"]}, declared with {@code @Schema(nullable = true)}) and which are
 * always there.
 */
@Configuration(proxyBeanMethods = false)
class SchemaDocumentation {

    /**
     * A reference declared nullable ({@code @Schema(nullable = true)} on a property of another
     * record's type) as OpenAPI 3.1 says it: one of the referenced schema or null. swagger-core
     * writes it as the reference with {@code type: null} beside it, which JSON Schema reads as "both".
     */
    @Bean
    OpenApiCustomizer nullableReferences() {
        return openApi -> openApi.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                return;
            }
            properties.replaceAll((name, property) -> {
                boolean nullable = "null".equals(property.getType())
                        || (property.getTypes() != null && property.getTypes().contains("null"));
                if (property.get$ref() == null || !nullable) {
                    return property;
                }
                Schema<?> nullType = new Schema<>();
                nullType.setTypes(new LinkedHashSet<>(List.of("null")));
                return new Schema<>().description(property.getDescription())
                        .oneOf(List.of(new Schema<>().$ref(property.get$ref()), nullType));
            });
        });
    }

    /**
     * A nullable member with an enum (a team's strategy: null = the global one) lists null among its
     * values: JSON Schema checks the enum whatever the type allows, so without it null is refused.
     */
    @Bean
    @SuppressWarnings({"rawtypes", "unchecked"})
    OpenApiCustomizer nullableEnums() {
        return openApi -> openApi.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                return;
            }
            properties.values().forEach(property -> {
                boolean nullable = property.getTypes() != null && property.getTypes().contains("null");
                if (nullable && property.getEnum() != null && !property.getEnum().contains(null)) {
                    List values = new ArrayList<>(property.getEnum());
                    values.add(null);
                    property.setEnum(values);
                }
            });
        });
    }

    /**
     * Every member of a response is sent, null when it has no value (declared nullable), so the
     * schemas of successful responses require them all. A schema that names its own required members
     * (one sent only sometimes) keeps its list; the schemas of request bodies say what may be left out.
     */
    @Bean
    OpenApiCustomizer responseMembersRequired() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Set<String> sent = new TreeSet<>();
            Set<String> received = new TreeSet<>();
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2") && response.getContent() != null) {
                        response.getContent().values().forEach(media -> referenced(media.getSchema(), schemas, sent));
                    }
                });
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values()
                            .forEach(media -> referenced(media.getSchema(), schemas, received));
                }
            }));
            sent.removeAll(received);
            sent.stream().map(schemas::get).filter(schema -> schema.getProperties() != null
                    && (schema.getRequired() == null || schema.getRequired().isEmpty()))
                    .forEach(schema -> schema.setRequired(new ArrayList<>(schema.getProperties().keySet())));
        };
    }

    /** The names of the component schemas {@code schema} refers to, directly or through others. */
    private static void referenced(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (names.add(name)) {
                referenced(schemas.get(name), schemas, names);
            }
            return;
        }
        referenced(schema.getItems(), schemas, names);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> referenced(property, schemas, names));
        }
        for (List<Schema> composed : Arrays.asList(schema.getOneOf(), schema.getAnyOf(), schema.getAllOf())) {
            if (composed != null) {
                composed.forEach(part -> referenced(part, schemas, names));
            }
        }
    }

    /** OpenAPI 3.1's nullable: null among the schema's types. */
    static Schema<?> nullable(Schema<?> schema) {
        schema.setTypes(new LinkedHashSet<>(List.of(schema.getType(), "null")));
        return schema;
    }
}
