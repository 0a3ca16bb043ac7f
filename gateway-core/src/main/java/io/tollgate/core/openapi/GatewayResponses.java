package io.tollgate.core.openapi;

import io.tollgate.core.api.GatewayResponseType;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code x-amazon-apigateway-gateway-responses}: customised gateway responses by type. */
final class GatewayResponses {

    private static final String EXT = "x-amazon-apigateway-gateway-responses";

    private GatewayResponses() {
    }

    static Map<String, Object> read(@Nullable Object value, ImportContext context) {
        Map<String, Object> responses = new LinkedHashMap<>();
        String pointer = ImportContext.pointer("", EXT);
        context.object(value, pointer).forEach((name, response) -> {
            String at = ImportContext.pointer(pointer, name);
            String type = name.trim();
            if (!known(type)) {
                context.warn(at, "unknown gateway response type '" + name + "'; ignored");
                return;
            }
            Map<String, Object> spec = context.object(response, at);
            Map<String, Object> mapped = new LinkedHashMap<>();
            Integer status = context.integer(spec.get("statusCode"), at + "/statusCode");
            if (status != null) {
                mapped.put("status-code", status);
            }
            context.putTexts(mapped, "response-parameters", spec, "responseParameters", at);
            context.putTexts(mapped, "response-templates", spec, "responseTemplates", at);
            responses.put(type, mapped);
            context.from("gateway-responses." + type, at);
        });
        return responses;
    }

    private static boolean known(String type) {
        for (GatewayResponseType known : GatewayResponseType.values()) {
            if (known.name().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
