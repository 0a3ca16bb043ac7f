package io.tollgate.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a Redis node on a local port that answers every command with one canned RESP reply, for the tests of
 * the {@code require()} checks without a real topology.
 */
final class CannedRedis implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    /** Answers {@code reply} (raw RESP, CRLFs included) to each command. */
    CannedRedis(String reply) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    RespProbe.read(new BufferedInputStream(socket.getInputStream()));
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // closed, or a client that went away: the next one is served
                }
            }
        }, "canned-redis-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A bulk string reply. */
    static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
