package io.tollgate.core.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code x-amazon-apigateway-any-method}: an operation written inside an extension, which the OpenAPI parser leaves
 * as it is written; read here into an operation (its parameters, security and extensions).
 */
final class AnyMethod {

    private AnyMethod() {
    }

    static Operation operation(Map<String, Object> written, boolean swagger2) {
        Operation operation = new Operation();
        if (written.get("parameters") instanceof List<?> parameters) {
            for (Object item : parameters) {
                if (item instanceof Map<?, ?> map && map.get("name") instanceof String name
                        && map.get("in") instanceof String in && !(swagger2 && in.equals("body"))) {
                    operation.addParametersItem(new Parameter().name(name).in(in)
                            .required(Boolean.TRUE.equals(map.get("required")) || "true".equals(map.get("required"))));
                }
            }
        }
        if (written.get("security") instanceof List<?> security) {
            operation.setSecurity(new java.util.ArrayList<>());
            for (Object item : security) {
                SecurityRequirement requirement = new SecurityRequirement();
                if (item instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> requirement.addList(String.valueOf(k), v instanceof List<?> scopes
                            ? scopes.stream().map(String::valueOf).toList() : List.of()));
                }
                operation.addSecurityItem(requirement);
            }
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        written.forEach((k, v) -> {
            if (k.startsWith("x-")) {
                extensions.put(k, v);
            }
        });
        operation.setExtensions(extensions);
        return operation;
    }
}
