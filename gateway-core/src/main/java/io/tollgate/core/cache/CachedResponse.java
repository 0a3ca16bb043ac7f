package io.tollgate.core.cache;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/**
 * A response held by a stage cache: status, headers and the whole body. Immutable: the headers are a private copy
 * that is never handed out ({@link #headersCopy()} gives each hit its own), and the body array is never written.
 */
public final class CachedResponse {

    static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final int HEADER_OVERHEAD = 32;
    private static final int ENTRY_OVERHEAD = 96;

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;
    private final int weight;

    /** A response; {@code headers} are copied, {@code body} is taken as is (the caller must not change it). */
    public CachedResponse(int status, HttpHeaders headers, byte[] body) {
        this.status = status;
        this.headers = HEADERS.newHeaders().set(Objects.requireNonNull(headers));
        this.body = Objects.requireNonNull(body);
        long size = ENTRY_OVERHEAD + body.length;
        for (Map.Entry<String, String> header : this.headers) {
            size += HEADER_OVERHEAD + header.getKey().length() + header.getValue().length();
        }
        this.weight = (int) Math.min(Integer.MAX_VALUE, size);
    }

    public int status() {
        return status;
    }

    /** A fresh, mutable copy of the headers. */
    public HttpHeaders headersCopy() {
        return HEADERS.newHeaders().set(headers);
    }

    /** One header's value, or null. */
    public @Nullable String header(String name) {
        return headers.get(name);
    }

    /** The body; must not be changed. */
    public byte[] body() {
        return body;
    }

    /** An estimate of the memory the entry takes, in bytes (body, headers and a fixed overhead). */
    public int weight() {
        return weight;
    }
}
