package io.tollgate.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command sent on a plain socket of its own and its reply read (RESP2), for the checks that a test
 * topology is there: no client library, no threads, a second at most to connect and two to answer.
 */
final class RespProbe {

    /** An error reply ({@code -ERR ...}). */
    record ErrorReply(String message) {
        @Override
        public String toString() {
            return "-" + message;
        }
    }

    private RespProbe() {
    }

    /**
     * The reply of the Redis at {@code host:port} to {@code command}: a String (simple or bulk string; null for a
     * null bulk string), a Long, a List of replies, or an {@link ErrorReply}.
     */
    static Object call(String host, int port, String... command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(encode(command));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static byte[] encode(String... command) {
        StringBuilder sb = new StringBuilder().append('*').append(command.length).append("\r\n");
        for (String part : command) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the connection closed before a reply");
        }
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("a bulk string cut short");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: starts with " + (char) type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("a reply line cut short");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("a reply line not ended by CRLF");
                }
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
    }
}
