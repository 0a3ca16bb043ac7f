package io.tollgate.core.validation;

import com.networknt.schema.Error;
import io.tollgate.core.response.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Words schema violations as the JSON schema validator behind Amazon API Gateway does (java-json-tools), so that
 * {@code $context.error.validationErrorString} reads as AWS's: {@code [object has missing required properties
 * (["name"])]}. Missing required and forbidden additional properties of one object are reported together, sorted.
 * Keywords without such a wording keep the validator's own (English) message.
 */
final class SchemaMessages {

    private SchemaMessages() {
    }

    /**
     * The errors as {@code [message, message]}: an object's own before its members' (depth first, members by
     * name), as java-json-tools walks an instance. {@code root} is the schema, for draft 4's boolean
     * {@code exclusiveMinimum}/{@code exclusiveMaximum}.
     */
    static String format(List<Error> errors, JsonNode root) {
        List<Error> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(e -> e.getInstanceLocation().toString()));
        List<String> messages = new ArrayList<>();
        Map<String, Integer> slots = new LinkedHashMap<>();
        Map<String, TreeSet<String>> properties = new LinkedHashMap<>();
        for (Error error : sorted) {
            String keyword = error.getKeyword();
            if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
                String slot = keyword + "@" + error.getInstanceLocation();
                if (!slots.containsKey(slot)) {
                    slots.put(slot, messages.size());
                    messages.add(null);
                    properties.put(slot, new TreeSet<>());
                }
                Objects.requireNonNull(properties.get(slot)).add(error.getProperty());
            } else {
                messages.add(message(error, root));
            }
        }
        slots.forEach((slot, index) -> {
            // every slot has its properties
            String names = names(Objects.requireNonNull(properties.get(slot)));
            messages.set(index, slot.startsWith("required@") ? "object has missing required properties (" + names + ")"
                    : "object instance has properties which are not allowed by the schema: " + names);
        });
        return "[" + String.join(", ", messages) + "]";
    }

    private static String message(Error error, JsonNode root) {
        JsonNode instance = error.getInstanceNode();
        Object[] arguments = error.getArguments() == null ? new Object[0] : error.getArguments();
        String argument = arguments.length > 0 ? String.valueOf(arguments[0]) : "";
        boolean exclusive = error.getKeyword() != null && (error.getKeyword().startsWith("exclusive")
                || draft4Exclusive(error, root));
        return switch (error.getKeyword() == null ? "" : error.getKeyword()) {
            case "type" -> "instance type (" + typeOf(instance) + ") does not match any allowed primitive type (allowed: "
                    + allowed(error) + ")";
            case "minimum", "exclusiveMinimum" -> exclusive
                    ? "numeric instance is not strictly greater than the required minimum " + argument
                    : "numeric instance is lower than the required minimum (minimum: " + argument + ", found: " + instance + ")";
            case "maximum", "exclusiveMaximum" -> exclusive
                    ? "numeric instance is not strictly lower than the required maximum " + argument
                    : "numeric instance is greater than the required maximum (maximum: " + argument + ", found: " + instance + ")";
            case "minLength" -> "string " + instance + " is too short (length: " + length(instance)
                    + ", required minimum: " + argument + ")";
            case "maxLength" -> "string " + instance + " is too long (length: " + length(instance)
                    + ", maximum allowed: " + argument + ")";
            case "pattern" -> "ECMA 262 regex \"" + argument + "\" does not match input string " + instance;
            case "enum" -> "instance value (" + instance + ") not found in enum (possible values: "
                    + compact(error.getSchemaNode()) + ")";
            case "minItems" -> "array is too short: must have at least " + argument + " elements but instance has "
                    + instance.size() + " elements";
            case "maxItems" -> "array is too long: must have at most " + argument + " elements but instance has "
                    + instance.size() + " elements";
            case "uniqueItems" -> "array must not contain duplicate elements";
            case "minProperties" -> "object has too few properties (found " + instance.size()
                    + " but schema requires at least " + argument + ")";
            case "maxProperties" -> "object has too many properties (found " + instance.size()
                    + " but schema requires at most " + argument + ")";
            case "multipleOf" -> "remainder of division is not zero (" + instance + " / " + argument + ")";
            case "not" -> "instance matched a schema which it should not have";
            case "oneOf" -> error.getSchemaNode() != null && error.getSchemaNode().isArray()
                    ? "instance failed to match exactly one schema (matched " + argument + " out of "
                    + error.getSchemaNode().size() + ")" : error.getMessage();
            case "format" -> format(argument, instance, error);
            default -> error.getMessage();
        };
    }

    /** The formats java-json-tools words; others keep the validator's message. */
    private static String format(String format, JsonNode instance, Error error) {
        return switch (format) {
            case "email" -> "string " + instance + " is not a valid email address";
            case "hostname" -> "string " + instance + " is not a valid hostname";
            case "ipv4" -> "string " + instance + " is not a valid IPv4 address";
            case "ipv6" -> "string " + instance + " is not a valid IPv6 address";
            case "uri" -> "string " + instance + " is not a valid URI";
            default -> error.getMessage();
        };
    }

    /** Whether a draft 4 {@code minimum}/{@code maximum} has {@code exclusiveMinimum}/{@code exclusiveMaximum: true} beside it. */
    private static boolean draft4Exclusive(Error error, @Nullable JsonNode root) {
        String location = error.getSchemaLocation() == null ? "" : error.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        if (root == null || hash < 0 || !location.endsWith("/" + error.getKeyword())) {
            return false;
        }
        String keyword = error.getKeyword();
        String sibling = location.substring(hash + 1, location.length() - keyword.length())
                + "exclusive" + Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1);
        try {
            JsonNode flag = root.at(sibling);
            return flag.isBoolean() && flag.booleanValue();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The schema's allowed types as a JSON array ({@code ["integer","null"]}). */
    private static String allowed(Error error) {
        JsonNode type = error.getSchemaNode();
        if (type != null && type.isString()) {
            return "[\"" + type.asString() + "\"]";
        }
        if (type != null && type.isArray()) {
            return compact(type);
        }
        return "[\"" + (error.getArguments() != null && error.getArguments().length > 1 ? error.getArguments()[1] : "") + "\"]";
    }

    /** The JSON schema type of a value, as java-json-tools names it (integral numbers are {@code integer}). */
    private static String typeOf(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isIntegralNumber() ? "integer" : "number";
    }

    private static int length(JsonNode string) {
        String text = string.asString();
        return text.codePointCount(0, text.length());
    }

    private static String compact(@Nullable JsonNode node) {
        return node == null ? "[]" : node.toString();
    }

    private static String names(TreeSet<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            out.append(out.length() > 1 ? "," : "").append(Json.quote(name));
        }
        return out.append(']').toString();
    }
}
