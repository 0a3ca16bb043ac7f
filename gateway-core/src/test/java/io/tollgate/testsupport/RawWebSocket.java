package io.tollgate.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One end of a WebSocket on a plain socket, frames written and read byte by byte as RFC 6455 lays them out: a client
 * (which masks what it sends) or a server (which answers the handshake itself). Nothing is read unless asked, so it
 * can play a reader that has stopped, and it writes whatever bits it is told to, so it can play a broken peer.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    /** The first byte's FIN bit, and its first reserved bit (a compressed frame's under permessage-deflate). */
    public static final int FIN = 0x80, RSV1 = 0x40;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final boolean masking;
    private final String head;

    private RawWebSocket(Socket socket, boolean masking, String head, DataInputStream in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
        this.masking = masking;
        this.head = head;
    }

    /**
     * A client's handshake for {@code path} with {@code extraHeaders} (each ending in CRLF); the head of the answer is
     * kept ({@link #head()}), and whatever it is, the socket is returned.
     */
    public static RawWebSocket connect(int port, String path, String extraHeaders) throws IOException {
        return connect(port, path, extraHeaders, 0, 0);
    }

    /** As {@link #connect(int, String, String)}, on a socket with these buffer sizes in bytes (0: the system's). */
    public static RawWebSocket connect(int port, String path, String extraHeaders, int receiveBuffer, int sendBuffer)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (sendBuffer > 0) {
            socket.setSendBufferSize(sendBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        OutputStream raw = socket.getOutputStream();
        raw.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        raw.flush();
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
        return new RawWebSocket(socket, true, readHead(in), in);
    }

    /** The server's end of the next connection to {@code server}: its handshake read and answered 101. */
    public static RawWebSocket accept(ServerSocket server) throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
        String request = readHead(in);
        String key = header(request, "sec-websocket-key");
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OutputStream raw = socket.getOutputStream();
        raw.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        raw.flush();
        return new RawWebSocket(socket, false, request, in);
    }

    /** The handshake's head: the answer's for a client, the request's for a server. */
    public String head() {
        return head;
    }

    /** Sends one frame: {@code firstByte} is FIN, the reserved bits and the opcode, as given. */
    public RawWebSocket send(int firstByte, byte[] payload) throws IOException {
        write(firstByte, payload);
        out.flush();
        return this;
    }

    /** Writes one frame without flushing (see {@link #flush()}). */
    public void write(int firstByte, byte[] payload) throws IOException {
        out.write(firstByte);
        int maskBit = masking ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(maskBit | 127);
            out.write(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (masking) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.write(mask);
            byte[] masked = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                masked[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(masked);
        } else {
            out.write(payload);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** A close frame with {@code code} and {@code reason}. */
    public RawWebSocket sendClose(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return send(FIN | CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /** The next frame (unmasked if it came masked). */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((first & FIN) != 0, (first >>> 4) & 0x7, first & 0x0f, payload);
    }

    /** Whether the peer closed the connection (end of stream) before anything more came. */
    public boolean ended() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One frame: its FIN bit, reserved bits, opcode and payload. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code (1005 when it has none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /** A close frame's reason. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended in the handshake: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The value of {@code name} (in any case) in a message head, or null. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
