package io.tollgate.core.server.netty;

import io.netty.channel.EventLoop;
import io.tollgate.core.pipeline.Reply;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes every reply in a task of its own on its connection's event loop, never inline in the call that handed the
 * request over. This avoids a bug of Reactor Netty 1.3.7, the version Spring Boot 4.1.1 brings
 * (reactor/reactor-netty#4361, fixed in 1.3.8): a request that arrived before the previous one on its keep-alive
 * connection had ended (a reply ready on another thread, a streamed body, a client that pipelines) is buffered, and
 * when Reactor Netty then hands it over and it is answered at once, in that same call (a cache hit, a mock, a 403 or
 * 429), the connection is never read again: the client waits forever. A reply written in a later task ends the request
 * outside that call, and Reactor Netty reads on. The cost is one task on the loop per request, and for a reply ready
 * on another thread the task replaces the hop Reactor Netty would make to write it anyway.
 */
public final class ConnectionLoop {

    private ConnectionLoop() {
    }

    /** The event loop of {@code request} (a Reactor Netty server request), or null when it has none. */
    public static @Nullable EventLoop of(Object request) {
        return request instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    /** {@code write}, subscribed in a task on {@code loop} (at once when there is no loop). */
    public static Mono<Void> write(@Nullable EventLoop loop, Supplier<Mono<Void>> write) {
        if (loop == null) {
            return write.get();
        }
        return Mono.defer(write).subscribeOn(Schedulers.fromExecutor(loop));
    }

    /**
     * Writes {@code reply} with {@code writer} in a task on {@code loop}. When the exchange is cancelled (the client
     * went away) before the task has started, the task never runs, so the reply is discarded here: its backend
     * response is drained and its connection released, rather than left holding buffers nobody will read. Either the
     * writer or the discard has the reply, never both.
     */
    public static Mono<Void> write(@Nullable EventLoop loop, Reply reply, Function<Reply, Mono<Void>> writer) {
        if (loop == null) {
            return writer.apply(reply);
        }
        AtomicBoolean claimed = new AtomicBoolean();
        return Mono.defer(() -> claimed.compareAndSet(false, true) ? writer.apply(reply) : Mono.<Void>empty())
                .subscribeOn(Schedulers.fromExecutor(loop))
                .doOnCancel(() -> {
                    if (claimed.compareAndSet(false, true)) {
                        reply.discard();
                    }
                });
    }
}
