package io.tollgate.core.pipeline;

import io.tollgate.core.response.GatewayError;
import io.tollgate.testsupport.StubRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests ask for a WebSocket upgrade, and what is wrong with a handshake (RFC 6455 section 4.2.1). */
class WebSocketHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static StubRequest handshake(String... more) {
        String[] base = {"Upgrade", "websocket", "Connection", "keep-alive, Upgrade", "Sec-WebSocket-Version", "13"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return StubRequest.get("/chat", all);
    }

    @Test
    void onlyAGetThatNamesWebsocketInItsUpgradeAsksForIt() {
        assertThat(WebSocketHandshake.requested(handshake("Sec-WebSocket-Key", KEY))).isTrue();
        assertThat(WebSocketHandshake.requested(StubRequest.get("/chat", "Upgrade", "h2c, WebSocket"))).isTrue();
        assertThat(WebSocketHandshake.requested(StubRequest.get("/chat", "Upgrade", "h2c"))).isFalse();
        assertThat(WebSocketHandshake.requested(StubRequest.get("/chat"))).isFalse();
        assertThat(WebSocketHandshake.requested(StubRequest.of("POST", "/chat", "Upgrade", "websocket"))).isFalse();
        StubRequest http10 = StubRequest.get("/chat", "Upgrade", "websocket");
        InboundRequest old = new InboundRequestWithProtocol(http10, "HTTP/1.0");
        assertThat(WebSocketHandshake.requested(old)).isFalse();
    }

    @Test
    void aSoundHandshakeHasNoProblem() {
        assertThat(WebSocketHandshake.problem(handshake("Sec-WebSocket-Key", KEY))).isNull();
    }

    @Test
    void eachMalformedPartIsRefused() {
        assertThat(status(StubRequest.get("/chat", "Upgrade", "websocket", "Sec-WebSocket-Version", "13",
                "Sec-WebSocket-Key", KEY))).isEqualTo(400); // no Connection: upgrade
        assertThat(status(StubRequest.get("/chat", "Upgrade", "websocket", "Connection", "upgrade",
                "Sec-WebSocket-Key", KEY))).isEqualTo(400); // no version
        assertThat(status(handshake("Sec-WebSocket-Version", "8", "Sec-WebSocket-Key", KEY))).isEqualTo(426); // two
        assertThat(status(StubRequest.get("/chat", "Upgrade", "websocket", "Connection", "upgrade",
                "Sec-WebSocket-Version", "8", "Sec-WebSocket-Key", KEY))).isEqualTo(426);
        assertThat(status(handshake())).isEqualTo(400); // no key
        assertThat(status(handshake("Sec-WebSocket-Key", "c2hvcnQ="))).isEqualTo(400); // 5 bytes
        assertThat(status(handshake("Sec-WebSocket-Key", "not base64 at all!!!!!!!"))).isEqualTo(400);
        assertThat(status(handshake("Sec-WebSocket-Key", KEY, "Sec-WebSocket-Key", KEY))).isEqualTo(400);
        assertThat(status(handshake("Sec-WebSocket-Key", KEY, "Content-Length", "5"))).isEqualTo(400);
    }

    private static int status(InboundRequest request) {
        GatewayError problem = WebSocketHandshake.problem(request);
        return problem == null ? 0 : problem.status();
    }

    /** {@code request} over another protocol version. */
    private record InboundRequestWithProtocol(StubRequest request, String protocol) implements InboundRequest {

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String rawPath() {
            return request.rawPath();
        }

        @Override
        public String rawQuery() {
            return request.rawQuery();
        }

        @Override
        public io.netty.handler.codec.http.HttpHeaders headers() {
            return request.headers();
        }

        @Override
        public reactor.core.publisher.Flux<io.netty.buffer.ByteBuf> body() {
            return request.body();
        }

        @Override
        public java.net.InetSocketAddress remoteAddress() {
            return request.remoteAddress();
        }

        @Override
        public String scheme() {
            return request.scheme();
        }
    }
}
