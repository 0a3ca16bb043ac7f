package io.tollgate.core.integration;

import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.ValueTemplate;
import io.tollgate.core.api.integration.ParameterMapping;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.QueryString;
import io.tollgate.core.response.InvalidHeaderValueException;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies an HTTP proxy integration's request parameter mappings ({@code append|overwrite|remove} of headers and
 * query parameters, {@code overwrite:path}) to the outgoing request. Values are evaluated from the incoming request,
 * so mappings never see each other's output, as in AWS. Stage variables are resolved at startup.
 */
final class RequestMappings {

    private final List<Compiled> mappings;
    private final boolean touchesQuery;

    private record Compiled(ParameterMapping mapping, Value value) {
    }

    private RequestMappings(List<Compiled> mappings) {
        this.mappings = mappings;
        this.touchesQuery = mappings.stream()
                .anyMatch(c -> c.mapping().target() == ParameterMapping.Target.QUERY_STRING);
    }

    static RequestMappings compile(List<ParameterMapping> mappings, Map<String, String> stageVariables) {
        List<Compiled> compiled = new ArrayList<>();
        for (ParameterMapping mapping : mappings) {
            compiled.add(new Compiled(mapping, Value.compile(mapping.value(), stageVariables)));
        }
        return new RequestMappings(List.copyOf(compiled));
    }

    /** The outgoing request's parts that mappings may change. */
    static final class Outgoing {
        String uri;
        @Nullable String rawQuery;
        final HttpHeaders headers;

        Outgoing(String uri, @Nullable String rawQuery, HttpHeaders headers) {
            this.uri = uri;
            this.rawQuery = rawQuery;
            this.headers = headers;
        }
    }

    void apply(GatewayExchange exchange, Outgoing outgoing) {
        List<String[]> query = touchesQuery ? queryPairs(exchange) : null;
        for (Compiled c : mappings) {
            ParameterMapping m = c.mapping();
            switch (m.target()) {
                case HEADER -> {
                    switch (m.action()) {
                        case REMOVE -> outgoing.headers.remove(m.name());
                        case OVERWRITE -> outgoing.headers.set(m.name(),
                                InvalidHeaderValueException.checkRequestHeader(m.name(), c.value().render(exchange)));
                        case APPEND -> {
                            String existing = outgoing.headers.get(m.name());
                            String value = InvalidHeaderValueException.checkRequestHeader(m.name(), c.value().render(exchange));
                            outgoing.headers.set(m.name(), existing == null ? value : existing + "," + value);
                        }
                    }
                }
                case QUERY_STRING -> {
                    // read above whenever a mapping touches the query string
                    List<String[]> pairs = Objects.requireNonNull(query);
                    switch (m.action()) {
                        case REMOVE -> pairs.removeIf(p -> p[0].equals(m.name()));
                        case OVERWRITE -> {
                            pairs.removeIf(p -> p[0].equals(m.name()));
                            pairs.add(new String[] {m.name(), c.value().render(exchange)});
                        }
                        case APPEND -> pairs.add(new String[] {m.name(), c.value().render(exchange)});
                    }
                }
                case PATH -> outgoing.uri = replacePath(outgoing.uri, c.value().render(exchange));
            }
        }
        if (query != null) {
            outgoing.rawQuery = encode(query);
        }
    }

    private static List<String[]> queryPairs(GatewayExchange exchange) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryString.Pair pair : exchange.query().pairs()) {
            pairs.add(new String[] {pair.name(), pair.value()});
        }
        return pairs;
    }

    private static @Nullable String encode(List<String[]> pairs) {
        if (pairs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(PercentEncoding.queryComponent(pair[0])).append('=').append(PercentEncoding.queryComponent(pair[1]));
        }
        return sb.toString();
    }

    private static String replacePath(String uri, String newPath) {
        URI parsed = URI.create(uri);
        String authority = parsed.getRawAuthority();
        String path = newPath.startsWith("/") ? newPath : "/" + newPath;
        return parsed.getScheme() + "://" + authority + path;
    }

    /** A value template compiled for one stage. */
    private record Value(Object[] parts) {

        static Value compile(ValueTemplate template, Map<String, String> stageVariables) {
            List<Object> parts = new ArrayList<>();
            for (ValueTemplate.Part part : template.parts()) {
                if (part instanceof ValueTemplate.Text text) {
                    parts.add(text.value());
                } else {
                    ValueTemplate.Reference ref = (ValueTemplate.Reference) part;
                    parts.add(ref.source() == ValueTemplate.Source.STAGE_VARIABLE
                            ? stageVariables.getOrDefault(ref.name(), "") : ref);
                }
            }
            return new Value(parts.toArray());
        }

        String render(GatewayExchange exchange) {
            StringBuilder sb = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof String text) {
                    sb.append(text);
                    continue;
                }
                ValueTemplate.Reference ref = (ValueTemplate.Reference) part;
                String value = switch (ref.source()) {
                    case REQUEST_PATH -> exchange.resourceRequestPath();
                    case PATH_PARAMETER -> exchange.pathParameter(ref.name());
                    case HEADER -> exchange.header(ref.name());
                    case QUERY_STRING -> exchange.query().joined(ref.name());
                    // a CONTEXT reference has its variable
                    case CONTEXT -> exchange.context(Objects.requireNonNull(ref.contextVariable()), ref.name());
                    case STAGE_VARIABLE -> exchange.stageVariable(ref.name());
                };
                if (value != null) {
                    sb.append(value);
                }
            }
            return sb.toString();
        }
    }
}
