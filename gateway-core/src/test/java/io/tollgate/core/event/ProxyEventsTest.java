package io.tollgate.core.event;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda proxy events built straight from an exchange, without a server. */
class ProxyEventsTest {

    private static GatewayExchange exchange(ApiType type, HttpHeaders headers) {
        Api api = Api.builder("events").type(type).stage("$default", Map.of())
                .route("ANY /{proxy+}", IntegrationSpec.mock(200)).build();
        return new GatewayExchange(new StubRequest("GET", "/pets", null, headers), RequestPath.parse("/pets"), api,
                api.stages().get(0), null, 0L, 0L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void payload10MergesAHeaderRepeatedInOtherCaseUnderItsFirstSpelling() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "10.0.0.1").add("x-forwarded-for", "10.0.0.2").add("X-FORWARDED-FOR", "10.0.0.3")
                .add("authorization", "a").add("Accept", "text/plain");
        for (ApiType type : List.of(ApiType.HTTP, ApiType.REST)) {
            Map<String, Object> event = ProxyEvents.v1(exchange(type, headers), new byte[0]);

            // HTTP header names are case-insensitive: one header, not three that each hold a part of its values
            assertThat((Map<String, String>) event.get("headers")).containsOnlyKeys("X-Forwarded-For", "Authorization", "Accept")
                    .containsEntry("X-Forwarded-For", "10.0.0.3");
            assertThat((Map<String, List<String>>) event.get("multiValueHeaders"))
                    .containsOnlyKeys("X-Forwarded-For", "Authorization", "Accept")
                    .containsEntry("X-Forwarded-For", List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"));
        }
    }
}
