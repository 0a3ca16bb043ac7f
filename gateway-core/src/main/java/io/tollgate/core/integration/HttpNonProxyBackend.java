package io.tollgate.core.integration;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.api.RequestParameter;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.UriTemplate;
import io.tollgate.core.mapping.TemplateResult;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.nonproxy.RequestValues;
import io.tollgate.core.pipeline.BoundedBody;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.response.InvalidHeaderValueException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend of an {@code HTTP} (non-proxy) integration. Only what the mappings say is sent: the mapped headers,
 * query parameters and path variables (route variables by default), the overrides of the request template, and the
 * (templated) body; the answer is read whole, bounded.
 */
final class HttpNonProxyBackend implements NonProxyHandler.Backend {

    /** The largest backend answer a non-proxy integration reads (AWS's payload limit). */
    static final long MAX_ANSWER = 10L * 1024 * 1024;

    private final HttpClient client;
    private final UriTemplate uri;
    /** The method sent; null for the request's own ({@code ANY}). */
    private final @Nullable HttpMethod method;
    private final Duration timeout;
    private final List<RequestParameter> parameters;

    HttpNonProxyBackend(HttpClient client, HttpIntegration integration, Map<String, String> stageVariables) {
        this.client = client;
        this.uri = integration.uri().resolveStageVariables(stageVariables);
        this.method = "ANY".equals(integration.method()) ? null : HttpMethod.valueOf(integration.method());
        this.timeout = integration.timeout();
        this.parameters = integration.mapping().requestParameters();
    }

    @Override
    public Mono<Reply> failed(GatewayExchange exchange, Throwable error) {
        return IntegrationFailures.reply(exchange, error);
    }

    @Override
    public Mono<NonProxyHandler.Answer> call(GatewayExchange exchange, NonProxyHandler.Outgoing outgoing) {
        Map<String, String> path = exchange.match() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(exchange.match().pathParameters());
        Map<String, String> query = new LinkedHashMap<>();
        HttpHeaders headers = new DefaultHttpHeaders();
        for (RequestParameter parameter : parameters) {
            String value = RequestValues.of(exchange, parameter.source());
            if (value == null) {
                continue;
            }
            switch (parameter.location()) {
                case HEADER -> headers.set(parameter.name(), InvalidHeaderValueException.checkRequestHeader(parameter.name(), value));
                case QUERYSTRING -> query.put(parameter.name(), value);
                case PATH -> path.put(parameter.name(), parameter.source().kind() == ParameterSource.Kind.METHOD_REQUEST_PATH
                        ? value : PercentEncoding.queryComponent(value));
            }
        }
        TemplateResult result = outgoing.templateResult();
        if (result != null) {
            result.requestHeaderOverrides().forEach((name, value) ->
                    headers.set(name, InvalidHeaderValueException.checkRequestHeader(name, value)));
            query.putAll(result.requestQueryOverrides());
            result.requestPathOverrides().forEach((k, v) -> path.put(k, PercentEncoding.queryComponent(v)));
        }
        if (outgoing.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, outgoing.contentType());
        }
        Map<String, String> traceHeaders = exchange.facts().traceHeaders();
        if (!traceHeaders.isEmpty()) {
            traceHeaders.forEach(headers::set);
        }
        String target = render(path, query);
        byte[] body = outgoing.body() == null ? new byte[0] : outgoing.body().getBytes(StandardCharsets.UTF_8);
        HttpMethod outgoingMethod = method != null ? method : HttpMethod.valueOf(exchange.request().method());
        return client.request(outgoingMethod)
                .uri(target)
                .send((req, out) -> {
                    req.headers(headers);
                    req.responseTimeout(timeout);
                    return body.length == 0 ? out : out.sendByteArray(Mono.just(body));
                })
                .response((response, content) -> BoundedBody.read(content, MAX_ANSWER)
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> new NonProxyHandler.Answer(response.status().code(), response.responseHeaders(),
                                new String(bytes, StandardCharsets.UTF_8), Integer.toString(response.status().code()))))
                // an exchange dropped as it is cancelled: closed, not left holding its response
                .doOnDiscard(Connection.class, HttpProxyIntegrationHandler.DISCARDED_EXCHANGE)
                .single();
    }

    private String render(Map<String, String> path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        for (UriTemplate.Part part : uri.parts()) {
            if (part instanceof UriTemplate.Text text) {
                sb.append(text.value());
            } else if (part instanceof UriTemplate.PathVariable variable) {
                sb.append(path.getOrDefault(variable.name(), ""));
            }
        }
        if (!query.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            query.forEach((k, v) -> pairs.add(PercentEncoding.queryComponent(k) + "=" + PercentEncoding.queryComponent(v)));
            sb.append(sb.indexOf("?") < 0 ? '?' : '&').append(String.join("&", pairs));
        }
        return sb.toString();
    }
}
