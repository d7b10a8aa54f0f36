package io.helpdeskinbox.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI 3.1 document as OpenAPI 3.0 says the same thing, for a validator that reads
 * 3.0 only (swagger-request-validator 2.x; its 3.1 release needs Java 21). Only the 3.1 forms the
 * served document uses are translated, each to its exact 3.0 meaning; any other 3.1-only keyword
 * stops the translation, so that no rule of the document is lost on the way without anyone noticing.
 */
final class OpenApi30Rendering {

    /** JSON Schema keywords of OpenAPI 3.1 that this rendering has no 3.0 meaning for. */
    private static final Set<String> UNTRANSLATED = Set.of("const", "prefixItems", "$defs", "unevaluatedProperties",
            "unevaluatedItems", "dependentRequired", "dependentSchemas", "contentMediaType", "contentEncoding",
            "contentSchema", "if", "then", "else", "patternProperties", "propertyNames", "$schema", "$id", "$anchor",
            "$dynamicRef", "$dynamicAnchor", "minContains", "maxContains", "contains");

    /** Members whose values are data (examples, defaults, enum values), not schemas: never rewritten. */
    private static final Set<String> DATA = Set.of("example", "examples", "default", "enum");

    private OpenApi30Rendering() {
    }

    static ObjectNode of(JsonNode served) {
        if (!served.path("openapi").asString("").startsWith("3.1")) {
            throw new IllegalStateException("expected an OpenAPI 3.1 document, got " + served.path("openapi"));
        }
        ObjectNode document = (ObjectNode) served.deepCopy();
        document.put("openapi", "3.0.3");
        // 3.0 has neither: webhooks are the receivers' contract, not this server's traffic
        document.remove(List.of("webhooks", "jsonSchemaDialect"));
        if (document.path("info").path("license") instanceof ObjectNode license) {
            license.remove("identifier");
        }
        translate(document, "#");
        return document;
    }

    private static void translate(JsonNode node, String where) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                translate(array.get(i), where + "/" + i);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        List<String> untranslated = new ArrayList<>(object.propertyNames());
        untranslated.retainAll(UNTRANSLATED);
        if (!untranslated.isEmpty()) {
            throw new IllegalStateException(where + " uses " + untranslated + ", which the 3.0 rendering cannot say");
        }
        if (object.get("type") instanceof ArrayNode types) {
            typeList(object, types, where);
        }
        exclusiveBound(object, "exclusiveMinimum", "minimum");
        exclusiveBound(object, "exclusiveMaximum", "maximum");
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!DATA.contains(member.getKey())) {
                translate(member.getValue(), where + "/" + member.getKey());
            }
        }
    }

    /** {@code type: [X, "null"]} is 3.0's {@code type: X, nullable: true}; {@code type: ["null"]} stays JSON Schema's null type. */
    private static void typeList(ObjectNode schema, ArrayNode types, String where) {
        List<String> named = new ArrayList<>();
        types.forEach(type -> named.add(type.asString()));
        boolean nullable = named.remove("null");
        if (named.size() > 1) {
            throw new IllegalStateException(where + " has the types " + named + ", which 3.0 cannot say");
        }
        schema.put("type", named.isEmpty() ? "null" : named.get(0));
        if (nullable && !named.isEmpty()) {
            schema.put("nullable", true);
        }
    }

    /** 3.1's {@code exclusiveMinimum: n} is 3.0's {@code minimum: n, exclusiveMinimum: true}. */
    private static void exclusiveBound(ObjectNode schema, String exclusive, String inclusive) {
        JsonNode bound = schema.get(exclusive);
        if (bound != null && bound.isNumber()) {
            schema.set(inclusive, bound);
            schema.put(exclusive, true);
        }
    }
}
