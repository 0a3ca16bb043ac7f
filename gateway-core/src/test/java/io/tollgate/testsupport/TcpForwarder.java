package io.tollgate.testsupport;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 (its own port) to a target port on this machine, to play a Redis that goes away, comes
 * back or answers slowly: {@link #cut()} closes every forwarded connection and closes new ones at once,
 * {@link #restore()} forwards again, {@link #delayReplies(Duration)} holds each chunk of the target's answers back (a
 * slow Redis, or one that does not answer in time). Bytes are copied out of Netty's buffers as they arrive, so a
 * connection closed mid-delay leaks nothing.
 */
public final class TcpForwarder implements AutoCloseable {

    private final int targetPort;
    private final DisposableServer server;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile Duration delay = Duration.ZERO;

    public TcpForwarder(int targetPort) {
        this.targetPort = targetPort;
        this.server = TcpServer.create().host("127.0.0.1").port(0).handle(this::forward).bindNow();
    }

    public int port() {
        return server.port();
    }

    /** Closes every forwarded connection; until {@link #restore()}, new ones are closed as soon as accepted. */
    public void cut() {
        cut = true;
        open.forEach(Connection::dispose);
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    /** Holds each chunk of the target's answers back for {@code delay} (zero: passes them at once). */
    public void delayReplies(Duration delay) {
        this.delay = delay;
    }

    private Mono<Void> forward(NettyInbound inbound, NettyOutbound outbound) {
        if (cut) {
            return Mono.empty();
        }
        inbound.withConnection(this::track);
        return TcpClient.create().host("127.0.0.1").port(targetPort).connect().flatMap(target -> {
            track(target);
            Mono<Void> requests = target.outbound().sendByteArray(inbound.receive().asByteArray()).then();
            Mono<Void> replies = outbound.sendByteArray(target.inbound().receive().asByteArray()
                    .flatMapSequential(bytes -> hold(bytes, delay))).then();
            return Mono.firstWithSignal(requests, replies).doFinally(signal -> target.dispose());
        });
    }

    /** Each chunk waits {@code delay} from its arrival; later chunks still leave after earlier ones. */
    private static Mono<byte[]> hold(byte[] bytes, Duration delay) {
        return delay.isZero() ? Mono.just(bytes) : Mono.delay(delay).thenReturn(bytes);
    }

    private void track(Connection connection) {
        open.add(connection);
        connection.onDispose(() -> open.remove(connection));
    }

    @Override
    public void close() {
        cut();
        server.disposeNow();
    }
}
