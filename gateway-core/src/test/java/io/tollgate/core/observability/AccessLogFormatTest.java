package io.tollgate.core.observability;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.routing.RequestPath;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Access log formats: compiled once, presets per API type, bad formats refused, values escaped. */
class AccessLogFormatTest {

    private static GatewayExchange exchange(String userAgent) {
        HttpHeaders headers = io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders().set("user-agent", userAgent).set("x-api-key", "secret-key-value");
        InboundRequest request = new InboundRequest() {
            public String method() {
                return "GET";
            }

            public String rawPath() {
                return "/pets/1";
            }

            public String rawQuery() {
                return null;
            }

            public HttpHeaders headers() {
                return headers;
            }

            public Flux<ByteBuf> body() {
                return Flux.empty();
            }

            public InetSocketAddress remoteAddress() {
                return new InetSocketAddress("10.1.2.3", 4000);
            }

            public String scheme() {
                return "http";
            }

            public String protocol() {
                return "HTTP/1.1";
            }
        };
        Api api = Api.builder("pets").route("GET /pets/{id}", IntegrationSpec.mock(200)).build();
        return new GatewayExchange(request, RequestPath.parse("/pets/1"), api, api.stages().get(0), null, 0L, System.nanoTime());
    }

    private static final RequestOutcome DENIED = new RequestOutcome(403, 23,
            GatewayError.of(GatewayResponseType.ACCESS_DENIED), TimeUnit.MILLISECONDS.toNanos(7), null);

    @Test
    void presetsDependOnTheApiType() {
        assertThat(AccessLogFormat.of("CLF", ApiType.HTTP).source()).isEqualTo(AccessLogPresets.HTTP_CLF)
                .contains("$context.routeKey");
        assertThat(AccessLogFormat.of("clf", ApiType.REST).source()).isEqualTo(AccessLogPresets.REST_CLF)
                .contains("$context.resourcePath", "$context.identity.caller");
        for (String preset : new String[] {"JSON", "XML", "CSV"}) {
            assertThat(AccessLogFormat.of(preset, ApiType.HTTP).source()).contains("$context.requestId");
            assertThat(AccessLogFormat.of(preset, ApiType.REST).source()).contains("$context.requestId");
        }
    }

    @Test
    void missingValuesAreDashesAndKeysNeverAppear() {
        GatewayExchange exchange = exchange("curl/8");
        String line = AccessLogFormat.of("CLF", ApiType.REST).render(exchange, DENIED);
        assertThat(line).matches("10\\.1\\.2\\.3 - - \\[01/Jan/1970:00:00:00 \\+0000\\] \"GET - HTTP/1\\.1\" 403 23 "
                + exchange.requestId() + " [0-9a-f]{16}");
        String custom = AccessLogFormat.of("$context.status $context.responseLatency ms $context.error.messageString"
                + " $context.error.responseType $context.identity.apiKeyId $context.authorizer.claims.sub"
                + " $context.integrationLatency $context.stage.", ApiType.HTTP).render(exchange, DENIED);
        assertThat(custom).isEqualTo("403 7 ms \"Forbidden\" ACCESS_DENIED - - - $default.").doesNotContain("secret");
    }

    @Test
    void valuesAreEscapedForJsonAndXmlAndLinesStayWhole() {
        GatewayExchange exchange = exchange("evil\" agent\n<x>&");
        String json = AccessLogFormat.of("{\"agent\":\"$context.identity.userAgent\"}", ApiType.HTTP).render(exchange, DENIED);
        assertThat(json).isEqualTo("{\"agent\":\"evil\\\" agent\\u000a<x>&\"}");
        String xml = AccessLogFormat.of("<a>$context.identity.userAgent</a>", ApiType.HTTP).render(exchange, DENIED);
        assertThat(xml).isEqualTo("<a>evil&quot; agent &lt;x&gt;&amp;</a>");
        String plain = AccessLogFormat.of("$context.requestId $context.identity.userAgent", ApiType.HTTP).render(exchange, DENIED);
        assertThat(plain).doesNotContain("\n").endsWith("evil\" agent <x>&");
    }

    @Test
    void badFormatsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> AccessLogFormat.of("$context.requestId $context.nonsense", ApiType.HTTP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$context.nonsense is not a variable");
        assertThatThrownBy(() -> AccessLogFormat.of("$context.identity.apiKey", ApiType.HTTP))
                .hasMessageContaining("never logged").hasMessageContaining("apiKeyId");
        assertThatThrownBy(() -> AccessLogFormat.of("just text", ApiType.HTTP)).hasMessageContaining("no $context variable");
        assertThatThrownBy(() -> AccessLogFormat.of(" ", ApiType.HTTP)).hasMessageContaining("CLF, JSON, XML, CSV");
    }
}
