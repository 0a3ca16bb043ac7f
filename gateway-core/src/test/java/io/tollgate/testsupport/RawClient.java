package io.tollgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A client on a plain socket: sends exactly the bytes given, reads responses as they come. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final PushbackInputStream in;

    public RawClient(int port) throws IOException {
        this(port, 10_000);
    }

    public RawClient(int port, int readTimeoutMillis) throws IOException {
        this(port, readTimeoutMillis, null);
    }

    /** A client whose connection comes from {@code localAddress} (say {@code 127.0.0.2}, another loopback address). */
    public RawClient(int port, int readTimeoutMillis, String localAddress) throws IOException {
        socket = localAddress == null ? new Socket("127.0.0.1", port)
                : new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(readTimeoutMillis);
        out = socket.getOutputStream();
        in = new PushbackInputStream(socket.getInputStream());
    }

    /** Sends {@code text} (ISO-8859-1: one byte per char) and flushes. */
    public RawClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One response: head and body (by Content-Length or chunked), as text. */
    public String readResponse() throws IOException {
        String head = readUntil("\r\n\r\n");
        String lower = head.toLowerCase(Locale.ROOT) + "\r\n";
        StringBuilder body = new StringBuilder();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            body.append(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(readUntil("\r\n").trim(), 16);
                body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
                readUntil("\r\n");
                if (size == 0) {
                    break;
                }
            }
        }
        return head + "\r\n\r\n" + body;
    }

    /** Whether the server closed the connection: reads until end of stream, reset or the read timeout. */
    public boolean isClosedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Everything until the server closes (or the read timeout). */
    public String readAll() throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                read.write(b);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // what came is what there is
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private String readUntil(String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after: " + read.toString(StandardCharsets.ISO_8859_1));
            }
            read.write(b);
        }
        String text = read.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - end.length());
    }

    /**
     * Whether the server stays silent for {@code millis}: false as soon as it answers (what it sent stays to be read)
     * or closes.
     */
    public boolean staysSilentFor(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b >= 0) {
                in.unread(b);
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Everything the server sends until it closes; fails if it does not close within the read timeout. */
    public String readUntilClosed() throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                read.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; it sent: "
                    + read.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketException e) {
            // reset: closed
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next {@code n} bytes (fewer if the connection ends first). */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Makes {@link #close()} reset the connection (TCP RST) rather than end it. */
    public void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The value of header {@code name} (any case) in a response's head, or an assertion failure naming it. */
    public static String header(String response, String name) {
        int end = response.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? response : response.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " header in " + response);
    }
}
