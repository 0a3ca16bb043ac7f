package io.tollgate.core.nonproxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.ParameterSource;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.SelectionExpression;
import io.tollgate.core.api.integration.IntegrationResponse;
import io.tollgate.core.api.integration.NonProxyMapping;
import io.tollgate.core.api.integration.PassthroughBehavior;
import io.tollgate.core.mapping.MalformedJsonException;
import io.tollgate.core.mapping.MappingTemplate;
import io.tollgate.core.mapping.SelectionEvaluator;
import io.tollgate.core.mapping.TemplateRenderException;
import io.tollgate.core.mapping.TemplateResult;
import io.tollgate.core.mapping.TemplateSession;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RateLimitedLog;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestFaults;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.InvalidHeaderValueException;
import io.tollgate.core.response.MediaTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A non-proxy integration, HTTP or MOCK: the request body, read whole, goes through the request template chosen by
 * its {@code Content-Type} (or passes through, or gets 415); the backend's answer selects an integration response,
 * whose parameter mappings and response template (chosen by {@code Accept}) make the method response. Templates were
 * compiled at startup.
 */
public final class NonProxyHandler implements ExchangeHandler {

    private static final Logger log = LoggerFactory.getLogger(NonProxyHandler.class);
    private static final RateLimitedLog faults = new RateLimitedLog(log, 60);
    private static final byte[] EMPTY = new byte[0];

    /** What the backend answered: status, headers, body, and the text integration responses are selected by. */
    public record Answer(int status, HttpHeaders headers, String body, @Nullable String selectionInput) {
    }

    /**
     * The integration request after mapping; no content type when the request had none, no template result when no
     * template applied.
     */
    public record Outgoing(String body, @Nullable String contentType, @Nullable TemplateResult templateResult) {
    }

    /** Calls the backend (an HTTP server, a function, or the mock's own answer). */
    public interface Backend {

        Mono<Answer> call(GatewayExchange exchange, Outgoing request);

        /**
         * The gateway response for a failure of {@link #call} (a timeout, a refused connection): each backend knows
         * its own. By default {@link #unexpected}: 502, logged as one line.
         */
        default Mono<Reply> failed(GatewayExchange exchange, Throwable error) {
            return unexpected(exchange, error);
        }
    }

    private record Response(IntegrationResponse definition, Map<String, MappingTemplate> templates) {
    }

    private final Map<String, MappingTemplate> requestTemplates;
    /** A WebSocket API's template selection, or null: templates are then chosen by content type. */
    private final @Nullable SelectionEvaluator templateSelection;
    private final PassthroughBehavior passthrough;
    private final List<Response> responses;
    private final long maxBodySize;
    private final Backend backend;

    /** A handler for {@code mapping}, calling {@code backend}; templates compile here (a syntax error throws). */
    public NonProxyHandler(NonProxyMapping mapping, String routeName, long maxBodySize, Backend backend) {
        this.requestTemplates = compile(mapping.requestTemplates(), routeName + " request template ");
        SelectionExpression selection = mapping.templateSelectionExpression();
        this.templateSelection = selection == null ? null : SelectionEvaluator.compile(selection);
        this.passthrough = mapping.passthroughBehavior();
        List<Response> compiled = new ArrayList<>();
        for (IntegrationResponse response : mapping.integrationResponses()) {
            compiled.add(new Response(response, compile(response.responseTemplates(),
                    routeName + " response template (" + response.statusCode() + ") ")));
        }
        this.responses = List.copyOf(compiled);
        this.maxBodySize = maxBodySize;
        this.backend = backend;
    }

    private static Map<String, MappingTemplate> compile(Map<String, String> sources, String name) {
        Map<String, MappingTemplate> templates = new LinkedHashMap<>();
        sources.forEach((type, source) -> templates.put(type, MappingTemplate.compile(name + type, source)));
        return templates;
    }

    @Override
    public Mono<Reply> handle(GatewayExchange exchange) {
        Mono<byte[]> body;
        if (exchange.request().hasBody()) {
            String length = exchange.request().headers().get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null && parse(length) > maxBodySize) {
                return Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE));
            }
            body = exchange.wholeBody(maxBodySize);
        } else {
            body = Mono.just(EMPTY);
        }
        return body.flatMap(bytes -> request(exchange, new String(bytes, StandardCharsets.UTF_8)))
                .onErrorResume(e -> failure(exchange, e));
    }

    private Mono<Reply> request(GatewayExchange exchange, String body) {
        TemplateSession session = TemplateSession.start(ExchangeTemplates.context(exchange));
        String contentType = MediaTypes.of(exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE));
        MappingTemplate template;
        if (templateSelection != null) {
            // a WebSocket message: its template is the one its value names, else $default (AWS)
            String key = templateSelection.evaluate(body);
            template = key == null ? null : requestTemplates.get(key);
            if (template == null) {
                template = requestTemplates.get(RouteKey.DEFAULT);
            }
        } else {
            template = requestTemplates.get(contentType);
        }
        Outgoing outgoing;
        if (template == null) {
            if (passthrough == PassthroughBehavior.NEVER
                    || (passthrough == PassthroughBehavior.WHEN_NO_TEMPLATES && !requestTemplates.isEmpty())) {
                return Reply.errorMono(GatewayError.of(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE));
            }
            outgoing = new Outgoing(body, exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE), null);
        } else {
            TemplateResult result = template.render(ExchangeTemplates.input(exchange, body), session);
            outgoing = new Outgoing(result.body(), contentType, result);
        }
        Outgoing request = outgoing;
        return backend.call(exchange, request).map(answer -> respond(exchange, answer, request, session));
    }

    private Reply respond(GatewayExchange exchange, Answer answer, Outgoing request, TemplateSession session) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (responses.isEmpty()) {
            copyContentType(answer, headers);
            return overridden(Reply.of(answer.status(), headers, answer.body().getBytes(StandardCharsets.UTF_8)),
                    request.templateResult());
        }
        Response selected = select(answer.selectionInput());
        if (selected == null) {
            log.warn("No integration response matches '{}' and there is no default (route {})",
                    answer.selectionInput(), exchange.routeKey());
            return Reply.error(GatewayError.of(GatewayResponseType.API_CONFIGURATION_ERROR));
        }
        for (IntegrationResponse.ResponseParameter parameter : selected.definition().responseParameters()) {
            String value = responseValue(exchange, answer, parameter.source());
            if (value != null) {
                headers.set(parameter.header(), InvalidHeaderValueException.checkResponseHeader(parameter.header(), value));
            }
        }
        Map.Entry<String, MappingTemplate> template = MediaTypes.forAccept(selected.templates(),
                exchange.request().headers().get(HttpHeaderNames.ACCEPT));
        String body;
        TemplateResult result = request.templateResult();
        if (template != null) {
            result = template.getValue().render(ExchangeTemplates.input(exchange, answer.body()), session);
            body = result.body();
            headers.set(HttpHeaderNames.CONTENT_TYPE, template.getKey());
        } else {
            body = answer.body();
            copyContentType(answer, headers);
        }
        return overridden(Reply.of(selected.definition().statusCode(), headers, body.getBytes(StandardCharsets.UTF_8)), result);
    }

    private static void copyContentType(Answer answer, HttpHeaders headers) {
        String type = answer.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
    }

    private static Reply overridden(Reply reply, @Nullable TemplateResult result) {
        if (result == null) {
            return reply;
        }
        result.headerOverrides().forEach((name, value) ->
                reply.headers().set(name, InvalidHeaderValueException.checkResponseHeader(name, value)));
        return result.statusOverride().isPresent() ? reply.withStatus(result.statusOverride().getAsInt()) : reply;
    }

    private @Nullable Response select(@Nullable String input) {
        Response fallback = null;
        for (Response response : responses) {
            Pattern pattern = response.definition().selectionPattern();
            if (pattern == null) {
                // the default response
                fallback = response;
            } else if (input != null && pattern.matcher(input).matches()) {
                return response;
            }
        }
        return fallback;
    }

    private static @Nullable String responseValue(GatewayExchange exchange, Answer answer, ParameterSource source) {
        return switch (source.kind()) {
            case INTEGRATION_RESPONSE_HEADER -> answer.headers().get(source.name());
            case INTEGRATION_RESPONSE_BODY -> JsonBodies.read(answer.body(), source.name());
            default -> RequestValues.of(exchange, source);
        };
    }

    private Mono<Reply> failure(GatewayExchange exchange, Throwable error) {
        Mono<Reply> notTheBackends = RequestFaults.answer(error);
        if (notTheBackends != null) {
            return notTheBackends;
        }
        if (error instanceof MalformedJsonException malformed) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.BAD_REQUEST_BODY,
                    "Could not parse request body into json: " + malformed.getMessage()));
        }
        if (error instanceof TemplateRenderException) {
            // often the client's doing ($util.base64Decode of what it sent): one line, rate-limited; the trace at DEBUG
            faults.warn("Route '{}': a mapping template failed: {}; answered 500 API_CONFIGURATION_ERROR (request id {})",
                    exchange.routeKey(), RateLimitedLog.oneLine(error), exchange.requestId());
            log.debug("Mapping template failure of request {}", exchange.requestId(), error);
            return Reply.errorMono(GatewayError.of(GatewayResponseType.API_CONFIGURATION_ERROR));
        }
        return backend.failed(exchange, error);
    }

    /** A backend failure nothing more is known of: 502 {@code Bad Gateway}, one WARN line (rate-limited). */
    public static Mono<Reply> unexpected(GatewayExchange exchange, Throwable error) {
        faults.warn("Route '{}': the integration failed and was answered 502: {} (request id {})", exchange.routeKey(),
                RateLimitedLog.oneLine(error), exchange.requestId());
        log.debug("Integration failure of request {}", exchange.requestId(), error);
        return Reply.errorMono(new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 502, "Bad Gateway"));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
