package io.tollgate.core.function;

import io.tollgate.core.pipeline.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proxy responses as API Gateway reads them. Sources: [LS] AWS-recorded snapshots of
 * test_aws_proxy_response_payload_format_validation (LocalStack); [DOC] "Working with AWS Lambda proxy integrations
 * for HTTP APIs", response formats 1.0 and 2.0.
 */
class ProxyResultsTest {

    private static String body(Reply reply) {
        return new String(reply.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[LS] {\"statusCode\":200} is 200 with an empty body; only headers means 200")
    void statusDefaults() {
        Reply reply = ProxyResults.v1(Map.of("statusCode", 200));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.bytes()).isEmpty();
        assertThat(ProxyResults.v1(Map.of("headers", Map.of("x", "y"))).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("[LS] statusCode \"201\" (a string) is 201; \"test\" is malformed (502)")
    void stringStatus() {
        assertThat(ProxyResults.v1(Map.of("statusCode", "201")).status()).isEqualTo(201);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", "test")))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 99)))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
    }

    @Test
    @DisplayName("[LS] a boolean header value becomes \"true\"; headers: null is accepted")
    void headerValues() {
        assertThat(ProxyResults.v1(Map.of("statusCode", 200, "headers", Map.of("x-flag", true))).headers().get("x-flag"))
                .isEqualTo("true");
        Map<String, Object> nullHeaders = new LinkedHashMap<>();
        nullHeaders.put("statusCode", 204);
        nullHeaders.put("headers", null);
        assertThat(ProxyResults.v1(nullHeaders).status()).isEqualTo(204);
    }

    @Test
    @DisplayName("[LS] 502 for an unknown top-level key, {}, a bare JSON string, a non-list multiValueHeaders value")
    void malformedResponses() {
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 200, "extra", 1)))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of())).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1("\"just a string\"")).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("multiValueHeaders", Map.of("x", "not-a-list"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 200, "body", Map.of("a", 1))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1("{not json")).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(new Object())).isInstanceOf(ProxyResults.MalformedResultException.class);
    }

    @Test
    @DisplayName("[LS] the same header in both maps is merged: value-multi, value-solo")
    void mergedHeaders() {
        Reply reply = ProxyResults.v1(Map.of("statusCode", 200, "headers", Map.of("X-Dup", "value-solo"),
                "multiValueHeaders", Map.of("X-Dup", List.of("value-multi"))));
        assertThat(reply.headers().get("X-Dup")).isEqualTo("value-multi, value-solo");
    }

    @Test
    @DisplayName("[DOC] a JSON string result is parsed as the response")
    void jsonText() {
        Reply reply = ProxyResults.v1("{\"statusCode\": 418, \"body\": \"teapot\", \"isBase64Encoded\": false}");
        assertThat(reply.status()).isEqualTo(418);
        assertThat(body(reply)).isEqualTo("teapot");
    }

    @Test
    @DisplayName("[DOC] 2.0: a result without statusCode is the body: 200, application/json")
    void v2Shortcut() {
        Reply hello = ProxyResults.v2("Hello from Lambda!");
        assertThat(hello.status()).isEqualTo(200);
        assertThat(body(hello)).isEqualTo("Hello from Lambda!");
        assertThat(hello.headers().get("content-type")).isEqualTo("application/json");
        Reply object = ProxyResults.v2(Map.of("message", "Hello from Lambda!"));
        assertThat(body(object)).isEqualTo("{\"message\":\"Hello from Lambda!\"}");
        assertThat(body(ProxyResults.v2("{ \"message\": \"Hello\" }"))).isEqualTo("{\"message\":\"Hello\"}");
    }

    @Test
    @DisplayName("[DOC] 2.0: the explicit form with cookies, each a set-cookie header")
    void v2Explicit() {
        Reply reply = ProxyResults.v2(Map.of("statusCode", 201, "cookies", List.of("a=1", "b=2"),
                "headers", Map.of("x-h", "v"), "body", "created"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.headers().getAll("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(body(reply)).isEqualTo("created");
    }

    @Test
    @DisplayName("[LS] isBase64Encoded without a binary media type returns the base64 text; with one, the bytes")
    void base64Bodies() {
        Map<String, Object> result = Map.of("statusCode", 200, "headers", Map.of("content-type", "image/png"),
                "body", "AAEC", "isBase64Encoded", true);
        assertThat(body(ProxyResults.v1(result))).isEqualTo("AAEC");
        assertThat(ProxyResults.v1(result, type -> type.startsWith("image/")).bytes()).containsExactly(0, 1, 2);
        assertThat(ProxyResults.v2(result).bytes()).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> ProxyResults.v2(Map.of("statusCode", 200, "body", "%%%", "isBase64Encoded", true)))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
    }

    @Test
    @DisplayName("a statusCode beyond int range is malformed (502), not wrapped round into a valid status")
    void statusBeyondIntRange() {
        // 2^32 + 200 wrapped to 200 when narrowed to an int
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 4_294_967_496L)))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1("{\"statusCode\": 4294967496}"))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v2("{\"statusCode\": -4294967096, \"body\": \"x\"}"))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v2(Map.of("statusCode", new java.math.BigInteger("18446744073709551816"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThat(ProxyResults.v1(Map.of("statusCode", 201L)).status()).isEqualTo(201);
        assertThat(ProxyResults.v1(Map.of("statusCode", 204.0)).status()).isEqualTo(204);
    }

    @Test
    @DisplayName("a header name or value HTTP cannot carry (CR/LF, NUL, a space in a name) is malformed (502)")
    void invalidHeaders() {
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 200, "headers", Map.of("bad name", "v"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 200, "headers", Map.of("", "v"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("statusCode", 200, "headers", Map.of("x", "a\r\nSet-Cookie: b"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1(Map.of("multiValueHeaders", Map.of("x", List.of("ok", "a\u0000b")))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v2(Map.of("statusCode", 200, "cookies", List.of("a=1\r\nX-Injected: 1"))))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v2("{\"statusCode\":200,\"headers\":{\"x\\u00e9\":\"v\"}}"))
                .isInstanceOf(ProxyResults.MalformedResultException.class);
    }

    @Test
    @DisplayName("2.0: a result that cannot be written as JSON (a null key) is malformed (502), not a NullPointerException")
    void v2ResultWithoutJson() {
        Map<Object, Object> result = new java.util.HashMap<>();
        result.put(null, "value");
        assertThatThrownBy(() -> ProxyResults.v2(result)).isInstanceOf(ProxyResults.MalformedResultException.class);
    }

    @Test
    @DisplayName("a raw control character outside JSON strings is not JSON (json-smart reads 20<NUL> as 152): 1.0 malformed, 2.0 text")
    void rawControlCharactersOutsideStrings() {
        String nulInStatus = "{\"statusCode\": 20\u0000}";
        assertThatThrownBy(() -> ProxyResults.v1(nulInStatus)).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThat(ProxyResults.v2(nulInStatus).status()).isEqualTo(200);
        assertThat(body(ProxyResults.v2(nulInStatus))).isEqualTo(nulInStatus);
        // json-smart throws NumberFormatException on this one
        String numberFormat = "{\"statusCode\": 20" + "\u0000".repeat(22) + "\uFFFD\uFFFD0, \"body\": null}";
        assertThatThrownBy(() -> ProxyResults.v1(numberFormat)).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThat(body(ProxyResults.v2(numberFormat))).isEqualTo(numberFormat);
        assertThat(FunctionBackend.parse(nulInStatus)).isEqualTo(nulInStatus);
        assertThat(FunctionBackend.parse(numberFormat)).isEqualTo(numberFormat);
        assertThat(FunctionBackend.parse("[1\u001f]")).isEqualTo("[1\u001f]");
        assertThat(ProxyResults.v1("{\"statusCode\":\t201,\r\n\"body\":\"ok\"}").status()).isEqualTo(201);
    }

    @Test
    @DisplayName("a statusCode '200.' or '-' is not JSON (json-smart read them as 200.0 and 0): malformed (502)")
    void numbersWithoutTheirDigits() {
        assertThatThrownBy(() -> ProxyResults.v1("{\"statusCode\": 200.}")).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThatThrownBy(() -> ProxyResults.v1("{\"statusCode\": 200, \"body\": -}")).isInstanceOf(ProxyResults.MalformedResultException.class);
        assertThat(body(ProxyResults.v2("[-]"))).isEqualTo("[-]");
        assertThat(FunctionBackend.parse("{\"pet\": -}")).isEqualTo("{\"pet\": -}");
        assertThat(ProxyResults.v1("{\"statusCode\": 2.01e2, \"body\": \"-.\"}").status()).isEqualTo(201);
    }
}
