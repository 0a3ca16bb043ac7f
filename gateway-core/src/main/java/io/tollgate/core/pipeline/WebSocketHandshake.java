package io.tollgate.core.pipeline;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;

import java.util.Base64;
import java.util.List;

/**
 * A WebSocket opening handshake (RFC 6455 section 4.2.1) as a client sends it: whether a request asks to switch to
 * WebSocket, and what is wrong with it when it does. Checked in full before anything is answered, so that a malformed
 * handshake gets a 400 (or 426 for another protocol version) and never a half-written upgrade.
 */
public final class WebSocketHandshake {

    /** The protocol version this gateway speaks, sent with a 426 to a client that asked for another. */
    public static final String VERSION = "13";

    private WebSocketHandshake() {
    }

    /**
     * Whether {@code request} asks to switch to WebSocket: a GET over HTTP/1.1 whose {@code Upgrade} names
     * {@code websocket}. Any other request is an ordinary one (its {@code Upgrade} is a hop-by-hop header, dropped).
     */
    public static boolean requested(InboundRequest request) {
        // the header's presence first: on the hot path nearly every request has none, and this looks it up only
        HttpHeaders headers = request.headers();
        return headers.contains(HttpHeaderNames.UPGRADE) && "GET".equals(request.method())
                && "HTTP/1.1".equals(request.protocol()) && headers.containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
    }

    /** What is wrong with a handshake that {@link #requested} an upgrade, or null when it is sound. */
    public static @Nullable GatewayError problem(InboundRequest request) {
        HttpHeaders headers = request.headers();
        if (!headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)) {
            return badRequest("Connection must name Upgrade");
        }
        if (request.hasBody()) {
            return badRequest("a WebSocket handshake has no body");
        }
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.isEmpty()) {
            return badRequest("Sec-WebSocket-Version is missing");
        }
        if (versions.size() > 1 || !VERSION.equals(versions.get(0).trim())) {
            return new GatewayError(GatewayResponseType.DEFAULT_4XX, 426, "Upgrade Required");
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isNonce(keys.get(0).trim())) {
            return badRequest("Sec-WebSocket-Key must be one base64-encoded 16-byte value");
        }
        return null;
    }

    private static GatewayError badRequest(String why) {
        return new GatewayError(GatewayResponseType.DEFAULT_4XX, 400, "Bad Request: " + why);
    }

    private static boolean isNonce(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
