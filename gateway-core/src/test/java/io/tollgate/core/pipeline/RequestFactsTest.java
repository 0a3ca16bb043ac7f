package io.tollgate.core.pipeline;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An unobserved request's facts are a shared object that records nothing, so readers need no null check. */
class RequestFactsTest {

    @Test
    void noneRecordsNothingAndAnswersNotKnown() {
        RequestFacts none = RequestFacts.NONE;
        none.apiKeyId("key-1");
        none.failure(new IllegalStateException("boom"));
        none.authorizer(new AuthorizerTiming("JWT", null, 5));
        none.integrationStarted(10, Map.of("traceparent", "00-x"));
        none.integrationEnded(20, 200);
        none.completion((exchange, outcome) -> { });

        assertThat(none.observed()).isFalse();
        assertThat(none.apiKeyId()).isNull();
        assertThat(none.failure()).isNull();
        assertThat(none.authorizer()).isNull();
        assertThat(none.tracer()).isNull();
        assertThat(none.traceHeaders()).isEmpty();
        assertThat(none.integrationNanos()).isEqualTo(-1);
        assertThat(none.integrationStatus()).isEqualTo(-1);
        assertThat(none.completion()).isNull();
    }

    @Test
    void anExchangeHasNoneUntilObservedThenItsOwnFacts() {
        GatewayExchange first = exchange();
        GatewayExchange second = exchange();
        assertThat(first.facts()).isSameAs(RequestFacts.NONE);

        RequestFacts observed = first.observe();
        assertThat(first.observe()).as("observing twice keeps the same facts").isSameAs(observed);
        assertThat(first.facts()).isSameAs(observed);
        observed.apiKeyId("key-1");
        observed.integrationStarted(10, Map.of());
        observed.integrationEnded(25, 201);

        assertThat(observed.observed()).isTrue();
        assertThat(observed.apiKeyId()).isEqualTo("key-1");
        assertThat(observed.integrationNanos()).isEqualTo(15);
        assertThat(observed.integrationStatus()).isEqualTo(201);
        assertThat(second.facts()).as("another request is untouched").isSameAs(RequestFacts.NONE);
        assertThat(RequestFacts.NONE.apiKeyId()).isNull();
    }

    private static GatewayExchange exchange() {
        Api api = Api.builder("facts").route("GET /x", IntegrationSpec.mock(200)).build();
        StubRequest request = StubRequest.get("/x");
        return new GatewayExchange(request, RequestPath.parse("/x"), api, api.stages().get(0), null, 0, System.nanoTime());
    }
}
