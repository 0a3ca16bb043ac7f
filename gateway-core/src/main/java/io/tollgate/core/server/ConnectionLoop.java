package io.tollgate.core.server;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import java.util.function.Supplier;

/**
 * Writes a reply on its connection's own event loop. A reply that is ready on another thread (a Redis answer, a
 * timer, a backend on another loop) would otherwise be written from there, and Reactor Netty would end the request on
 * the loop only later: a keep-alive client that sends its next request quickly in between gets it buffered, and in
 * Reactor Netty 1.3.7 (Spring Boot 4.1.1's) a buffered request answered at once can leave the connection never read
 * again (reactor/reactor-netty#4361, fixed in 1.3.8), so the client waits forever. Written on the loop, the reply is
 * flushed and the request ended in one task, before the loop reads anything else from that connection. (A client
 * that pipelines requests can still meet that Reactor Netty bug: upgrade Reactor Netty to 1.3.8 or later for it.)
 */
public final class ConnectionLoop {

    private ConnectionLoop() {
    }

    /** The event loop of {@code request} (a Reactor Netty server request), or null when it has none. */
    public static EventLoop of(Object request) {
        return request instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    /**
     * {@code write}, subscribed on {@code loop}: at once when this is the loop's thread (or there is no loop), else in
     * a task on it.
     */
    public static Mono<Void> write(EventLoop loop, Supplier<Mono<Void>> write) {
        if (loop == null || loop.inEventLoop()) {
            return write.get();
        }
        return Mono.defer(write).subscribeOn(Schedulers.fromExecutor(loop));
    }
}
