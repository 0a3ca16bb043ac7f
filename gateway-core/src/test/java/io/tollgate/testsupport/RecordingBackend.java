package io.tollgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend on plain sockets that records, per connection, the exact bytes it received and how the connection ended.
 * It answers every complete request (a head, then a body framed by {@code Content-Length} or chunked) with
 * {@code 200 ok} on the same connection, so what a gateway forwarded can be checked byte for byte, including that a
 * request was never completed.
 */
public final class RecordingBackend implements AutoCloseable {

    /** One accepted connection: what arrived on it and how it ended. */
    public static final class Received {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile String end = "open";
        private volatile int completeRequests;

        /** Everything received, as ISO-8859-1 text (one char per byte). */
        public synchronized String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        synchronized void add(byte[] chunk, int length) {
            bytes.write(chunk, 0, length);
        }

        /** Waits until the bytes received contain {@code expected}; fails after {@code timeout}. */
        public String awaitText(String expected, Duration timeout) {
            return Await.value("the backend to receive " + expected + " (so far: " + text() + ")", timeout, () -> {
                String text = text();
                return text.contains(expected) ? Optional.of(text) : Optional.empty();
            });
        }

        /** {@code eof} (the peer closed), {@code reset}, or {@code open}. */
        public String end() {
            return end;
        }

        /** Requests received whole (and answered). */
        public int completeRequests() {
            return completeRequests;
        }

        /** Waits until the connection ended; true if it did within {@code timeout}. */
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final ServerSocket server;
    private final List<Received> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile byte[] answer = ("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);

    public RecordingBackend() {
        try {
            server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        acceptor = new Thread(this::accept, "recording-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private volatile CountDownLatch gate = new CountDownLatch(0);

    private volatile int requestsPerConnection = Integer.MAX_VALUE;

    /**
     * Answers at most {@code n} requests on a connection: the next one is read and the connection closed without an
     * answer, as a backend does whose keep-alive timeout ends just as the connection is reused.
     */
    public void requestsPerConnection(int n) {
        requestsPerConnection = n;
    }

    /** Answers wait from now on, until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets the held answers (and those after them) go. */
    public void release() {
        gate.countDown();
    }

    /** The raw response written after each complete request. */
    public void answer(String rawResponse) {
        this.answer = rawResponse.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The connections accepted so far, oldest first. */
    public List<Received> connections() {
        return List.copyOf(connections);
    }

    /** Waits until connection number {@code index} (from 0) was accepted. */
    public Received awaitConnection(int index, Duration timeout) {
        return Await.value("the backend to accept connection " + (index + 1), timeout, () -> {
            List<Received> accepted = connections();
            return accepted.size() > index ? Optional.of(accepted.get(index)) : Optional.empty();
        });
    }

    /** Waits until a connection has received {@code marker} (a unique query value, say), and returns it. */
    public Received awaitReceived(String marker, Duration timeout) {
        return Await.value("a backend connection to receive " + marker, timeout,
                () -> connections().stream().filter(received -> received.text().contains(marker)).findFirst());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Received received = new Received();
                connections.add(received);
                Thread reader = new Thread(() -> serve(socket, received), "recording-backend-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Received received) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int parsedUpTo = 0;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    received.end = "eof";
                    return;
                }
                received.add(buffer, n);
                String text = received.text();
                int end;
                while ((end = requestEnd(text, parsedUpTo)) > 0) {
                    parsedUpTo = end;
                    if (received.completeRequests >= requestsPerConnection) {
                        received.end = "closed by the backend";
                        return;
                    }
                    received.completeRequests++;
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (SocketException e) {
            received.end = "reset";
        } catch (IOException e) {
            received.end = "error: " + e;
        } finally {
            received.ended.countDown();
        }
    }

    /** Whether {@code text} starts with a whole request (head, and body as framed). */
    public static boolean isComplete(String text) {
        return requestEnd(text, 0) > 0;
    }

    /** The index after the request starting at {@code from} when it is complete, else -1. */
    static int requestEnd(String text, int from) {
        int headEnd = text.indexOf("\r\n\r\n", from);
        if (headEnd < 0) {
            return -1;
        }
        String head = text.substring(from, headEnd).toLowerCase(Locale.ROOT);
        int bodyStart = headEnd + 4;
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            int at = bodyStart;
            while (true) {
                int lineEnd = text.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    return -1;
                }
                String sizeText = text.substring(at, lineEnd);
                int semicolon = sizeText.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
                if (size == 0) {
                    int trailersEnd = text.indexOf("\r\n", lineEnd + 2) == lineEnd + 2 ? lineEnd + 4
                            : text.indexOf("\r\n\r\n", lineEnd + 2) < 0 ? -1 : text.indexOf("\r\n\r\n", lineEnd + 2) + 4;
                    return trailersEnd;
                }
                int dataEnd = lineEnd + 2 + size;
                if (text.length() < dataEnd + 2) {
                    return -1;
                }
                at = dataEnd + 2;
            }
        }
        int length = 0;
        int cl = head.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int lineEnd = head.indexOf("\r\n", cl + 2);
            length = Integer.parseInt(head.substring(cl + 17, lineEnd < 0 ? head.length() : lineEnd).trim());
        }
        return text.length() >= bodyStart + length ? bodyStart + length : -1;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
