package io.tollgate.core.api.integration;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of an integration as a user writes it (raw values, checked when the API is built). Use
 * {@link #httpProxy(String)} or {@link #mock(int)}, or {@link #ofType(String)} when the type comes from
 * configuration.
 */
public final class IntegrationSpec {

    private @Nullable String type;
    private @Nullable String uri;
    private @Nullable String method;
    private @Nullable Duration timeout;
    private final Map<String, String> requestParameters = new LinkedHashMap<>();
    private @Nullable Integer status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private final Map<String, String> requestTemplates = new LinkedHashMap<>();
    private @Nullable String passthroughBehavior;
    private @Nullable String templateSelectionExpression;
    private @Nullable String function;
    private @Nullable String payloadFormatVersion;
    private @Nullable Integer maxConcurrency;
    private @Nullable Boolean proxy;
    private final List<@Nullable IntegrationResponseSpec> integrationResponses = new ArrayList<>();

    private IntegrationSpec(@Nullable String type) {
        this.type = type;
    }

    /** An {@code HTTP_PROXY} integration to {@code uri}. */
    public static IntegrationSpec httpProxy(String uri) {
        return new IntegrationSpec(IntegrationType.HTTP_PROXY.name()).uri(uri);
    }

    /** A {@code MOCK} integration answering {@code status}. */
    public static IntegrationSpec mock(int status) {
        return new IntegrationSpec(IntegrationType.MOCK.name()).status(status);
    }

    /** An {@code HTTP} (non-proxy) integration to {@code uri}. */
    public static IntegrationSpec http(String uri) {
        return new IntegrationSpec(IntegrationType.HTTP.name()).uri(uri);
    }

    /** A {@code FUNCTION} integration with the function named {@code name}. */
    public static IntegrationSpec function(String name) {
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.FUNCTION.name());
        spec.function = name;
        return spec;
    }

    /** An integration whose type is given by name (validated when the API is built). */
    public static IntegrationSpec ofType(@Nullable String type) {
        return new IntegrationSpec(type);
    }

    public IntegrationSpec uri(@Nullable String uri) {
        this.uri = uri;
        return this;
    }

    /** The method sent to the backend; {@code ANY} (the default) forwards the request's own method. */
    public IntegrationSpec method(@Nullable String method) {
        this.method = method;
        return this;
    }

    /** The integration timeout; the API's default when not set. */
    public IntegrationSpec timeout(@Nullable Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Adds a request parameter mapping, for example {@code ("append:header.x-request-id", "$context.requestId")}. */
    public IntegrationSpec requestParameter(String key, String value) {
        this.requestParameters.put(key, value);
        return this;
    }

    public IntegrationSpec requestParameters(Map<String, String> parameters) {
        this.requestParameters.putAll(parameters);
        return this;
    }

    public IntegrationSpec status(@Nullable Integer status) {
        this.status = status;
        return this;
    }

    public IntegrationSpec header(String name, String value) {
        this.headers.put(name, value);
        return this;
    }

    public IntegrationSpec headers(Map<String, String> headers) {
        this.headers.putAll(headers);
        return this;
    }

    public IntegrationSpec body(@Nullable String body) {
        this.body = body;
        return this;
    }

    /** A request template for requests of {@code mediaType} ({@code application/json}). */
    public IntegrationSpec requestTemplate(String mediaType, String template) {
        requestTemplates.put(mediaType, template);
        return this;
    }

    public IntegrationSpec requestTemplates(Map<String, String> templates) {
        requestTemplates.putAll(templates);
        return this;
    }

    /**
     * A WebSocket API's template selection expression ({@code $request.body.action}, or {@code \$default}): its value
     * for the message names the request template, {@code $default} when none has that key.
     */
    public IntegrationSpec templateSelectionExpression(@Nullable String expression) {
        this.templateSelectionExpression = expression;
        return this;
    }

    public @Nullable String templateSelectionExpression() {
        return templateSelectionExpression;
    }

    /** {@code WHEN_NO_MATCH} (default), {@code WHEN_NO_TEMPLATES} or {@code NEVER}. */
    public IntegrationSpec passthroughBehavior(@Nullable String behavior) {
        this.passthroughBehavior = behavior;
        return this;
    }

    /** Adds an integration response; a null one is reported when the API is built. */
    public IntegrationSpec integrationResponse(@Nullable IntegrationResponseSpec response) {
        integrationResponses.add(response);
        return this;
    }

    /** FUNCTION: the function's name. */
    public IntegrationSpec functionName(@Nullable String name) {
        this.function = name;
        return this;
    }

    /** FUNCTION: {@code 1.0} or {@code 2.0} (default: 1.0 for REST APIs, 2.0 for HTTP APIs). */
    public IntegrationSpec payloadFormatVersion(@Nullable String version) {
        this.payloadFormatVersion = version;
        return this;
    }

    /** FUNCTION: how many invocations may run at once (429 above); unbounded when not set. */
    public IntegrationSpec maxConcurrency(@Nullable Integer max) {
        this.maxConcurrency = max;
        return this;
    }

    /** FUNCTION: false for a non-proxy integration with templates and integration responses (default true). */
    public IntegrationSpec proxy(@Nullable Boolean proxy) {
        this.proxy = proxy;
        return this;
    }

    @Nullable Boolean proxy() {
        return proxy;
    }

    @Nullable String function() {
        return function;
    }

    @Nullable String payloadFormatVersion() {
        return payloadFormatVersion;
    }

    @Nullable Integer maxConcurrency() {
        return maxConcurrency;
    }

    Map<String, String> requestTemplates() {
        return requestTemplates;
    }

    @Nullable String passthroughBehavior() {
        return passthroughBehavior;
    }

    List<@Nullable IntegrationResponseSpec> integrationResponses() {
        return integrationResponses;
    }

    @Nullable String type() {
        return type;
    }

    @Nullable String uri() {
        return uri;
    }

    @Nullable String method() {
        return method;
    }

    @Nullable Duration timeout() {
        return timeout;
    }

    Map<String, String> requestParameters() {
        return requestParameters;
    }

    @Nullable Integer status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    @Nullable String body() {
        return body;
    }
}
