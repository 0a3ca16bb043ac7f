package io.tollgate.core.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code $context} variables Tollgate fills for every request, named as Amazon API Gateway names them.
 * Mappings, templates and logs refer to them by these names; unknown names fail at startup.
 */
public enum ContextVariable {
    API_ID("apiId"),
    /** A WebSocket event's connection: its id; empty for the other APIs' requests. */
    CONNECTION_ID("connectionId"),
    /** A WebSocket event's connection: when it was made (epoch milliseconds); empty for the other APIs' requests. */
    CONNECTED_AT("connectedAt"),
    /** A WebSocket event's kind: {@code CONNECT}, {@code MESSAGE} or {@code DISCONNECT}; empty otherwise. */
    EVENT_TYPE("eventType"),
    /** A WebSocket message's id; empty otherwise. */
    MESSAGE_ID("messageId"),
    /** {@code IN} for a WebSocket event (AWS's only direction); empty otherwise. */
    MESSAGE_DIRECTION("messageDirection"),
    /** {@code authorizer.principalId}, {@code authorizer.claims.x}, {@code authorizer.x}: what the authorizer found. */
    AUTHORIZER("authorizer"),
    /** The id of the deployment the request's stage (or its canary) serves. */
    DEPLOYMENT_ID("deploymentId"),
    DOMAIN_NAME("domainName"),
    DOMAIN_PREFIX("domainPrefix"),
    EXTENDED_REQUEST_ID("extendedRequestId"),
    HTTP_METHOD("httpMethod"),
    IDENTITY_ACCESS_KEY("identity.accessKey"),
    IDENTITY_CALLER("identity.caller"),
    IDENTITY_SOURCE_IP("identity.sourceIp"),
    IDENTITY_USER("identity.user"),
    IDENTITY_USER_ARN("identity.userArn"),
    IDENTITY_USER_AGENT("identity.userAgent"),
    /** {@code true} when the stage's canary serves the request, else {@code false}. */
    IS_CANARY_REQUEST("isCanaryRequest"),
    PATH("path"),
    PROTOCOL("protocol"),
    REQUEST_ID("requestId"),
    REQUEST_TIME("requestTime"),
    REQUEST_TIME_EPOCH("requestTimeEpoch"),
    RESOURCE_PATH("resourcePath"),
    ROUTE_KEY("routeKey"),
    STAGE("stage");

    private static final Map<String, ContextVariable> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ContextVariable::variableName, Function.identity()));

    private final String variableName;

    ContextVariable(String variableName) {
        this.variableName = variableName;
    }

    /** The name after {@code $context.}, for example {@code identity.sourceIp}. */
    public String variableName() {
        return variableName;
    }

    /** The variable {@code name} is; any {@code authorizer.x} name is {@link #AUTHORIZER}. */
    public static Optional<ContextVariable> byName(String name) {
        if (name.startsWith("authorizer.") && name.length() > "authorizer.".length()) {
            return Optional.of(AUTHORIZER);
        }
        if (name.equals("authorizer")) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every supported name, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(v -> v == AUTHORIZER ? "authorizer.*" : v.variableName()).sorted()
                .collect(Collectors.joining(", "));
    }
}
