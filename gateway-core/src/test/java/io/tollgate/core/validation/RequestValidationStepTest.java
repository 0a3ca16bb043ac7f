package io.tollgate.core.validation;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The request validator's parameter checks alone, with a stub request and a stub next step. */
class RequestValidationStepTest {

    private static final Map<String, Boolean> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("method.request.querystring.q", true);
        REQUIRED.put("method.request.header.x-tenant", true);
        REQUIRED.put("method.request.querystring.optional", false);
    }

    private static final Api API = Api.builder("shop")
            .route(new RouteSpec("GET /search", IntegrationSpec.mock(200)).requestValidator("PARAMS_ONLY")
                    .requestParameters(REQUIRED))
            .build();

    private final AtomicInteger nextCalls = new AtomicInteger();
    private final ExchangeHandler next = exchange -> {
        nextCalls.incrementAndGet();
        return Mono.just(Reply.of(200, new DefaultHttpHeaders(), new byte[0]));
    };

    private Reply run(StubRequest request) {
        Route route = API.routes().get(0);
        GatewayExchange exchange = new GatewayExchange(request, RequestPath.parse(request.rawPath()), API,
                API.stages().get(0), null, 0, System.nanoTime());
        return new RequestValidationStep(route.validation(), route.maxRequestBodySize()).apply(exchange, next)
                .block(Duration.ofSeconds(10));
    }

    @Test
    void everyMissingRequiredParameterIsNamedAndTheRequestGoesNoFurther() {
        Reply reply = run(StubRequest.get("/search?optional=1"));
        assertThat(reply.error().type()).isEqualTo(GatewayResponseType.BAD_REQUEST_PARAMETERS);
        assertThat(reply.error().status()).isEqualTo(400);
        // both named (in the model's order; AWS does not document one)
        assertThat(reply.error().validationErrorString()).isIn("Missing required request parameters: [q, x-tenant]",
                "Missing required request parameters: [x-tenant, q]");
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void aBlankValueCountsAsMissingAsInAws() {
        Reply reply = run(StubRequest.get("/search?q=%20", "x-tenant", "acme"));
        assertThat(reply.error().validationErrorString()).isEqualTo("Missing required request parameters: [q]");
        assertThat(nextCalls).hasValue(0);
    }

    @Test
    void withEveryRequiredParameterTheRequestGoesOn() {
        Reply reply = run(StubRequest.get("/search?q=shoes", "x-tenant", "acme"));
        assertThat(reply.error()).isNull();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(nextCalls).hasValue(1);
    }
}
