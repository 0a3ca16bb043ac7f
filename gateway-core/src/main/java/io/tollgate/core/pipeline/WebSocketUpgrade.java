package io.tollgate.core.pipeline;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A WebSocket session that is ready on the integration's side (its backend accepted the upgrade) and waits for the
 * client's side: the door that writes the reply completes the client's handshake with {@link #subprotocol()} and hands
 * the client's session to {@link #relay}. A reply that is never written is {@link #abandon() abandoned}.
 */
public interface WebSocketUpgrade {

    /** The subprotocol the backend chose (the client's 101 carries the same), or null for none. */
    @Nullable String subprotocol();

    /** The largest frame payload accepted from the client, in bytes (a larger one closes the session with 1009). */
    int maxFramePayloadLength();

    /**
     * The most one frame from the client may inflate to when {@code permessage-deflate} is negotiated, in bytes; 0 (the
     * default) when it must not be: the offer is then ignored.
     */
    default int maxInflatedFrameSize() {
        return 0;
    }

    /** Relays frames both ways between the client's session and the backend's until both have ended; called once. */
    Mono<Void> relay(WebsocketInbound client, WebsocketOutbound toClient);

    /** The client's side will never come: the backend's session is closed (1001). Nothing once relaying. */
    void abandon();
}
