package io.tollgate.core.openapi;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code x-amazon-apigateway-policy}: the statements of a resource policy Tollgate has, on the caller's address
 * ({@code aws:SourceIp} under {@code IpAddress} or {@code NotIpAddress}); an {@code Allow} of everything is the
 * default; any other statement is warned of and not applied.
 */
final class Policies {

    private Policies() {
    }

    static Map<String, Object> read(Object value, String pointer, ImportContext context) {
        Object policy = value;
        if (value instanceof String text) {
            try {
                policy = RawDocument.JSON.readValue(text, Object.class);
            } catch (JacksonException e) {
                context.warn(pointer, "not a JSON policy document; ignored");
                return Map.of();
            }
        }
        Map<String, Object> document = context.object(policy, pointer);
        Object statements = document.get("Statement");
        List<?> list = statements instanceof List<?> l ? l : statements == null ? List.of() : List.of(statements);
        List<String> allow = new ArrayList<>();
        List<String> deny = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = pointer + "/Statement" + (statements instanceof List<?> ? "/" + i : "");
            Map<String, Object> statement = context.object(list.get(i), at);
            String effect = String.valueOf(statement.get("Effect"));
            Map<String, Object> condition = context.object(statement.get("Condition"), at + "/Condition");
            if (condition.isEmpty() && effect.equals("Allow")) {
                continue; // everyone may invoke: Tollgate's default
            }
            List<String> in = addresses(condition.get("IpAddress"), at + "/Condition/IpAddress", context);
            List<String> notIn = addresses(condition.get("NotIpAddress"), at + "/Condition/NotIpAddress", context);
            if (condition.size() == 1 && effect.equals("Deny") && !in.isEmpty()) {
                deny.addAll(in);
            } else if (condition.size() == 1 && effect.equals("Deny") && !notIn.isEmpty()
                    || condition.size() == 1 && effect.equals("Allow") && !in.isEmpty()) {
                allow.addAll(notIn.isEmpty() ? in : notIn);
            } else {
                context.warn(at, "only statements on the caller's address (aws:SourceIp) are applied; this one is not");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (!allow.isEmpty()) {
            result.put("allow", allow);
        }
        if (!deny.isEmpty()) {
            result.put("deny", deny);
        }
        return result;
    }

    private static List<String> addresses(@Nullable Object condition, String pointer, ImportContext context) {
        List<String> addresses = new ArrayList<>();
        if (condition == null) {
            return addresses;
        }
        Object source = context.object(condition, pointer).get("aws:SourceIp");
        List<?> values = source instanceof List<?> l ? l : source == null ? List.of() : List.of(source);
        for (Object address : values) {
            String text = context.text(address, pointer + "/aws:SourceIp");
            if (text != null && !text.isBlank()) {
                addresses.add(text.trim());
            }
        }
        return addresses;
    }
}
