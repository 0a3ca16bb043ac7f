package io.tollgate.core.edge;

import ch.qos.logback.classic.Level;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.function.FunctionFeature;
import io.tollgate.core.function.FunctionRegistry;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend.Received;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body that fails to decode (a bad chunk) never reaches a backend as a complete, shorter request: the
 * backend exchange is aborted (never a clean end), templates, validators and functions never see a partial body, and
 * nothing leaks (the leak extension fails the class otherwise).
 */
class BrokenBodyTest {

    private static final String SCHEMA = """
            {"type": "object", "properties": {"qty": {"type": "integer"}}, "required": ["qty"]}""";
    private static final AtomicInteger FUNCTION_CALLS = new AtomicInteger();

    private static ProxyRig rig;
    private static RecordingBackend backend;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        logs = LogCapture.all();
        Map<String, GatewayFunction> functions = Map.of("order", (event, context) -> {
            FUNCTION_CALLS.incrementAndGet();
            return Mono.just(Map.of("statusCode", 200, "body", "ordered"));
        });
        FunctionRegistry registry = name -> Optional.ofNullable(functions.get(name));
        rig = ProxyRig.start("broken-body", backend -> {
            Api store = Api.builder("store").basePath("/store")
                    .model("Order", SCHEMA)
                    .route("POST /order", IntegrationSpec.httpProxy(backend.url() + "/order"))
                    .route(new RouteSpec("POST /validated", IntegrationSpec.httpProxy(backend.url() + "/validated"))
                            .requestValidator("BODY_ONLY").requestModels(Map.of("$default", "Order")))
                    .route("POST /function", IntegrationSpec.function("order"))
                    .build();
            Api rest = Api.builder("rest").type(ApiType.REST).basePath("/rest")
                    .route("POST /order", IntegrationSpec.http(backend.url() + "/templated")
                            .requestTemplate("application/json", "{\"qty\": $input.json('$.qty')}"))
                    .build();
            return Gateway.builder().api(store).api(rest).feature(new FunctionFeature(registry));
        });
        backend = rig.backend();
    }

    @AfterAll
    static void stop() {
        rig.close();
        logs.close();
    }

    /**
     * A client's broken body is the client's fault: nothing logs it above WARN, and nothing with a stack trace (Reactor
     * Netty's one-line "Decoding failed" WARN is what Spring applications start at ERROR, as TollgateLoggingDefaults
     * sets it). Reactor Netty signals the body's error twice; the second must not reach Reactor's default
     * onErrorDropped, which logs it at ERROR with a stack trace.
     */
    @AfterEach
    void nothingLoudWasLogged() {
        assertThat(logs.lines()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .allSatisfy(e -> {
                    assertThat(e.getLevel()).as(e.getFormattedMessage()).isEqualTo(Level.WARN);
                    assertThat(e.getLoggerName()).as(e.getFormattedMessage())
                            .isEqualTo("reactor.netty.http.server.HttpServerOperations");
                    assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull();
                });
    }

    private static String head(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
    }

    @Test
    void aStreamedBodyThatBreaksAbortsTheBackendRequest() throws Exception {
        String marker = "n=" + System.nanoTime();
        try (RawClient client = new RawClient(rig.port())) {
            client.send(head("/store/order?" + marker) + "8\r\n{\"qty\":1\r\n");
            Received received = backend.awaitReceived(marker, Duration.ofSeconds(10));
            received.awaitText("{\"qty\":1", Duration.ofSeconds(10));
            client.send("3\r\n00}XX0\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(received.awaitEnd(Duration.ofSeconds(10))).as("the backend connection is closed").isTrue();
            String forwarded = received.text().substring(received.text().indexOf("POST /order?" + marker));
            assertThat(RecordingBackend.isComplete(forwarded)).as(forwarded).isFalse();
            // what decoded before the break was streamed on; the request never ends, and the connection is reset
            assertThat(received.text()).contains("{\"qty\":1").doesNotEndWith("0\r\n\r\n");
            assertThat(received.end()).isEqualTo("reset");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/store/validated", "/store/function", "/rest/order"})
    void aBodyReadWholeThatBreaksIsNeverUsed(String path) throws Exception {
        int connections = backend.connections().size();
        int calls = FUNCTION_CALLS.get();
        try (RawClient client = new RawClient(rig.port())) {
            client.send(head(path) + "8\r\n{\"qty\":1\r\n");
            client.send("3\r\n00}XX0\r\n\r\n");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
            assertThat(client.isClosedByServer()).isTrue();
        }
        // a complete request after it: whatever the broken one did has happened by the time this one is answered
        try (RawClient client = new RawClient(rig.port())) {
            client.send("POST /store/order HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
        }
        assertThat(FUNCTION_CALLS.get()).isEqualTo(calls);
        for (Received received : backend.connections().subList(connections, backend.connections().size())) {
            assertThat(received.text()).doesNotContain("/validated").doesNotContain("/templated").doesNotContain("qty");
        }
    }
}
