package io.tollgate.core.function;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.Json;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The backend of a non-proxy ({@code AWS}) function integration: the function receives the request template's
 * output as JSON; its result, as JSON, is the integration response's {@code $input}. A thrown error becomes Lambda's
 * error shape ({@code errorMessage}, {@code errorType}, {@code stackTrace}) and {@code selectionPattern}s are matched
 * against its {@code errorMessage}; a success always takes the default response, as in AWS.
 */
final class FunctionBackend implements NonProxyHandler.Backend {

    private final FunctionInvoker invoker;

    FunctionBackend(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    /** A function that did not answer in time is 504; one whose concurrency and queue are full, 429. */
    @Override
    public Mono<Reply> failed(GatewayExchange exchange, Throwable error) {
        if (error instanceof TimeoutException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.INTEGRATION_TIMEOUT));
        }
        if (error instanceof RejectedExecutionException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.THROTTLED));
        }
        return NonProxyHandler.unexpected(exchange, error);
    }

    @Override
    public Mono<NonProxyHandler.Answer> call(GatewayExchange exchange, NonProxyHandler.Outgoing outgoing) {
        Object input = parse(outgoing.body());
        return invoker.invoke(input, exchange)
                .map(result -> answer(result instanceof String text ? JSONValue.toJSONString(text) : JSONValue.toJSONString(result), null))
                .switchIfEmpty(Mono.fromSupplier(() -> answer("null", null)))
                .onErrorResume(e -> e instanceof TimeoutException || e instanceof RejectedExecutionException
                        ? Mono.error(e) : Mono.just(error(e)));
    }

    /** The function's input: the (mapped) request body as JSON, or as text when it is not JSON. */
    static Object parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return new LinkedHashMap<String, Object>();
        }
        if (Json.jsonSmartLeniency(body) >= 0) {
            return body;
        }
        try {
            return new JSONParser(JSONParser.MODE_RFC4627).parse(body);
        } catch (ParseException | RuntimeException e) {
            // json-smart also fails with unchecked exceptions: a NUL inside a number is a NumberFormatException
            return body;
        }
    }

    private static NonProxyHandler.Answer answer(String json, @Nullable String selection) {
        return new NonProxyHandler.Answer(200, new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json"),
                json, selection);
    }

    private static NonProxyHandler.Answer error(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("errorMessage", message);
        shape.put("errorType", error.getClass().getName());
        List<String> trace = new ArrayList<>();
        for (StackTraceElement element : error.getStackTrace()) {
            if (trace.size() == 10) {
                break;
            }
            trace.add(element.toString());
        }
        shape.put("stackTrace", trace);
        return answer(JSONValue.toJSONString(shape), message);
    }
}
