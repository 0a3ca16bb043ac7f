package io.tollgate.core.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.integration.IntegrationResponseSpec;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.LogCapture;
import io.tollgate.testsupport.ProxyRig;
import io.tollgate.testsupport.RawClient;
import io.tollgate.testsupport.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapping that copies what a client sent (a query value with CR/LF, a character beyond ISO-8859-1) into a header:
 * never a split header, never a stack trace, never Spring's error page, but a typed gateway response with its request
 * id, customisable, logged as one line. Raw sockets on both sides: the backend checks it received nothing.
 */
class HeaderValueTest {

    /** {@code a<CR><LF>Set-Cookie: evil=1}: what a header injection looks like in a query value. */
    private static final String INJECTION = "a%0D%0ASet-Cookie:%20evil=1";

    private static ProxyRig rig;
    private static RecordingBackend backend;

    private LogCapture lines;

    @BeforeAll
    static void start() {
        rig = ProxyRig.start("header-values", backend -> {
            Api store = Api.builder("store").basePath("/store")
                    .route("GET /mapped", IntegrationSpec.httpProxy(backend.url() + "/mapped")
                            .requestParameter("overwrite:header.x-q", "$request.querystring.q"))
                    .build();
            Api shop = Api.builder("shop").type(ApiType.REST).basePath("/shop")
                    .route("GET /legacy", IntegrationSpec.http(backend.url() + "/legacy")
                            .requestParameter("integration.request.header.x-q", "method.request.querystring.q"))
                    .route("GET /override", IntegrationSpec.http(backend.url() + "/override")
                            .requestTemplate("application/json", "#set($context.requestOverride.header['x-q'] = $input.params('q'))\n{}"))
                    .route("GET /answer", IntegrationSpec.http(backend.url() + "/answer")
                            .integrationResponse(IntegrationResponseSpec.status(200)
                                    .responseParameter("method.response.header.x-item", "integration.response.body.item")))
                    .gatewayResponse("MISSING_AUTHENTICATION_TOKEN", 404, Map.of("x-q", "method.request.querystring.q"), Map.of())
                    .gatewayResponse("BAD_REQUEST_PARAMETERS", null, Map.of("x-why", "'header value'"),
                            Map.of("application/json", "{\"why\":\"$context.error.message\",\"id\":\"$context.requestId\"}"))
                    .build();
            // every 4XX customised with the client's query value: even the answer to the failure cannot use it
            Api plain = Api.builder("plain").type(ApiType.REST).basePath("/plain")
                    .route("GET /legacy", IntegrationSpec.http(backend.url() + "/legacy")
                            .requestParameter("integration.request.header.x-q", "method.request.querystring.q"))
                    .gatewayResponse("DEFAULT_4XX", null, Map.of("x-q", "method.request.querystring.q"),
                            Map.of("application/json", "{\"custom\":true}"))
                    .build();
            return Gateway.builder().api(store).api(shop).api(plain);
        });
        backend = rig.backend();
        // a JSON answer whose item holds CR/LF once decoded
        String body = "{\"item\":\"a\\r\\nSet-Cookie: evil=1\"}";
        backend.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void capture() {
        lines = LogCapture.of(Gateway.class);
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/store/mapped", "/shop/legacy", "/shop/override"})
    void aRequestMappingWithCrLfIsA400GatewayResponseAndNothingReachesTheBackend(String path) throws Exception {
        String marker = "m" + System.nanoTime();
        String response = get(path + "?q=" + INJECTION + "&" + marker);
        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("evil");
        String id = requestId(response);
        assertThat(id).isNotBlank();
        if (path.startsWith("/shop")) {
            // customised: the API's BAD_REQUEST_PARAMETERS answer, with its request id
            assertThat(response).contains("x-why: header value", "x-amzn-ErrorType: BadRequestException")
                    .endsWith("{\"why\":\"Bad request\",\"id\":\"" + id + "\"}");
        } else {
            assertThat(response).endsWith("{\"message\":\"Bad request\"}");
        }
        assertOneLineWithoutTrace(id);
        rig.assertNeverForwarded(marker, path + "?q=fine");
    }

    @Test
    void aCharacterBeyondLatin1IsRefusedTooRatherThanMangled() throws Exception {
        String marker = "m" + System.nanoTime();
        // U+20AC (the euro sign): as a header byte it would become 0xAC
        String response = get("/store/mapped?q=%E2%82%AC&" + marker);
        assertThat(response).startsWith("HTTP/1.1 400").endsWith("{\"message\":\"Bad request\"}");
        rig.assertNeverForwarded(marker, "/store/mapped?q=fine");
    }

    @Test
    void aValueWithATabOrLatin1IsStillForwarded() throws Exception {
        String marker = "m" + System.nanoTime();
        assertThat(get("/store/mapped?q=a%09caf%C3%A9&" + marker)).startsWith("HTTP/1.1 200");
        String received = backend.awaitReceived(marker, Duration.ofSeconds(10)).text();
        assertThat(received).contains("x-q: a\tcaf\u00e9\r\n");
    }

    @Test
    void aCustomisedGatewayResponseCopyingCrLfBecomesTheCustomisedBadRequestParametersResponse() throws Exception {
        String response = get("/shop/no-such-route?q=" + INJECTION);
        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("evil").doesNotContain("x-q")
                .contains("x-why: header value");
        String id = requestId(response);
        assertThat(response).endsWith("{\"why\":\"Bad request\",\"id\":\"" + id + "\"}");
        assertOneLineWithoutTrace(id);
    }

    @Test
    void whenTheAnswerToTheFailureCannotBeCustomisedEitherItIsAwsDefault() throws Exception {
        String marker = "m" + System.nanoTime();
        String response = get("/plain/legacy?q=" + INJECTION + "&" + marker);
        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("evil").doesNotContain("custom")
                .contains("x-amzn-ErrorType: BadRequestException").endsWith("{\"message\":\"Bad request\"}");
        assertOneLineWithoutTrace(requestId(response));
        rig.assertNeverForwarded(marker, "/store/mapped?q=fine");
    }

    @Test
    void aResponseMappingWithCrLfIsA500ConfigurationErrorNotASplitResponse() throws Exception {
        String response = get("/shop/answer");
        assertThat(response).startsWith("HTTP/1.1 500").doesNotContain("evil").doesNotContain("x-item")
                .contains("x-amzn-ErrorType: InternalServerErrorException")
                .endsWith("{\"message\":\"Internal server error\"}");
        assertOneLineWithoutTrace(requestId(response));
    }

    private static String get(String pathAndQuery) throws Exception {
        return rig.exchange("GET " + pathAndQuery + " HTTP/1.1\r\nHost: shop\r\nAccept: application/json\r\n\r\n");
    }

    private static String requestId(String response) {
        return response.contains("x-amzn-RequestId") ? RawClient.header(response, "x-amzn-RequestId")
                : RawClient.header(response, "apigw-requestid");
    }

    private void assertOneLineWithoutTrace(String requestId) {
        List<ILoggingEvent> mine = lines.containing(requestId);
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(mine.get(0).getThrowableProxy()).isNull();
        assertThat(mine.get(0).getFormattedMessage()).contains("x-").doesNotContain("\n");
    }
}
