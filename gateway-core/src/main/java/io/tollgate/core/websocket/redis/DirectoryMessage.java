package io.tollgate.core.websocket.redis;

import io.tollgate.core.websocket.ConnectionException;
import io.tollgate.core.websocket.ConnectionInfo;
import io.tollgate.core.websocket.ConnectionScope;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the instances tell each other over pub/sub: a request (send, describe or close a connection, with the channel to
 * answer on) or its answer. A version byte, a kind byte, then length-prefixed UTF-8 strings, longs and bytes: a
 * message of another version or kind, or one cut short, reads as null and is dropped.
 */
final class DirectoryMessage {

    private static final byte VERSION = 1;
    static final byte SEND = 1;
    static final byte GET = 2;
    static final byte CLOSE = 3;
    static final byte REPLY = 9;

    /** A request of another instance. {@code api} and {@code stage} are null for any (the scope). */
    record Request(byte kind, String requestId, String replyTo, String connectionId, ConnectionScope scope,
                   byte[] data) {
    }

    /**
     * An answer: {@code failure} null when the operation succeeded ({@code info} then describes the connection, for a
     * GET), else why it failed, with {@code message}.
     */
    record Reply(String requestId, ConnectionException.@Nullable Reason failure, String message,
                 @Nullable ConnectionInfo info) {
    }

    private DirectoryMessage() {
    }

    static byte[] request(byte kind, String requestId, String replyTo, String connectionId, ConnectionScope scope,
                          byte[] data) {
        return write(out -> {
            out.writeByte(kind);
            string(out, requestId);
            string(out, replyTo);
            string(out, connectionId);
            nullable(out, scope.api());
            nullable(out, scope.stage());
            out.writeInt(data.length);
            out.write(data);
        });
    }

    static byte[] reply(String requestId, ConnectionException.@Nullable Reason failure, String message,
                        @Nullable ConnectionInfo info) {
        return write(out -> {
            out.writeByte(REPLY);
            string(out, requestId);
            out.writeByte(failure == null ? -1 : failure.ordinal());
            string(out, message);
            out.writeBoolean(info != null);
            if (info != null) {
                string(out, info.connectionId());
                string(out, info.api());
                string(out, info.stage());
                out.writeLong(info.connectedAt().toEpochMilli());
                string(out, info.sourceIp());
                nullable(out, info.userAgent());
                out.writeLong(info.lastActiveAt().toEpochMilli());
            }
        });
    }

    /** A request, a {@link Reply}, or null for anything else. */
    static @Nullable Object read(byte[] message) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(message));
            if (in.readByte() != VERSION) {
                return null;
            }
            byte kind = in.readByte();
            String requestId = string(in);
            if (kind == REPLY) {
                byte failure = in.readByte();
                ConnectionException.Reason[] reasons = ConnectionException.Reason.values();
                if (failure >= reasons.length || failure < -1) {
                    return null;
                }
                String text = string(in);
                ConnectionInfo info = null;
                if (in.readBoolean()) {
                    info = new ConnectionInfo(string(in), string(in), string(in), Instant.ofEpochMilli(in.readLong()),
                            string(in), nullable(in), Instant.ofEpochMilli(in.readLong()));
                }
                return new Reply(requestId, failure < 0 ? null : reasons[failure], text, info);
            }
            if (kind != SEND && kind != GET && kind != CLOSE) {
                return null;
            }
            String replyTo = string(in);
            String connectionId = string(in);
            ConnectionScope scope = new ConnectionScope(nullable(in), nullable(in));
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                return null;
            }
            return new Request(kind, requestId, replyTo, connectionId, scope, in.readNBytes(length));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void nullable(DataOutputStream out, @Nullable String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            string(out, value);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a string of " + length + " bytes in a message of " + in.available() + " more");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static @Nullable String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? string(in) : null;
    }
}
