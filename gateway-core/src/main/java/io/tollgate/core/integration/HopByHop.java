package io.tollgate.core.integration;

import io.netty.util.AsciiString;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/** Removes the hop-by-hop headers (RFC 9110 7.6.1) a proxy must not forward, including those named by {@code Connection}. */
final class HopByHop {

    /** All as Netty's constants (names hashed once, not on every request). */
    private static final CharSequence[] NAMES = {
            HttpHeaderNames.CONNECTION, AsciiString.cached("keep-alive"), HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection")};

    private HopByHop() {
    }

    /**
     * Removes the hop-by-hop headers. A body that came chunked goes on chunked: {@code Transfer-Encoding: chunked}
     * is set again for the next hop, since Reactor Netty frames an unsized body only when told to.
     */
    static void remove(HttpHeaders headers) {
        boolean chunked = !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                && headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (CharSequence name : NAMES) {
            headers.remove(name);
        }
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }
}
