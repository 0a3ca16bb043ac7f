package io.tollgate.core.server.netty;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reply is written in a task of its own on its connection's event loop, whether it was ready on another thread
 * or on the loop itself (answered at once, Reactor Netty 1.3.7 can stop reading a keep-alive connection: see
 * {@link ConnectionLoop} and {@link KeepAliveReadTest}).
 */
class ConnectionLoopTest {

    private static final List<String> WRITES = new CopyOnWriteArrayList<>();
    private static final Scheduler ELSEWHERE = Schedulers.newSingle("elsewhere");
    private static DisposableServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            EventLoop loop = ConnectionLoop.of(request);
            Mono<String> ready = request.uri().endsWith("/elsewhere")
                    ? Mono.just("elsewhere").publishOn(ELSEWHERE)
                    : Mono.just("on the loop");
            return ready.flatMap(body -> {
                boolean[] written = new boolean[1];
                Mono<Void> write = ConnectionLoop.write(loop, () -> {
                    written[0] = true;
                    WRITES.add(Thread.currentThread().getName() + (loop.inEventLoop() ? " (its loop)" : " (not its loop)"));
                    return response.sendString(Mono.just(body)).then();
                });
                if (!written[0]) {
                    WRITES.add("deferred from " + Thread.currentThread().getName());
                }
                return write;
            });
        }).bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        ELSEWHERE.dispose();
    }

    private static String get(String path) {
        return HttpClient.create().get().uri("http://127.0.0.1:" + server.port() + path)
                .responseContent().aggregate().asString().block(Duration.ofSeconds(10));
    }

    /** A reply ready on another scheduler, or on the loop itself: either way written in a later task on its loop. */
    @ParameterizedTest
    @CsvSource({"/elsewhere, elsewhere, elsewhere-", "/here, on the loop, reactor-http-"})
    void aReplyIsWrittenInATaskOfItsOwnOnItsConnectionsLoop(String path, String body, String readyOn) {
        WRITES.clear();
        assertThat(get(path)).isEqualTo(body);
        assertThat(WRITES).hasSize(2);
        assertThat(WRITES.get(0)).startsWith("deferred from " + readyOn);
        assertThat(WRITES.get(1)).startsWith("reactor-http-").endsWith(" (its loop)");
    }

    @Test
    void withoutAConnectionTheWriteHappensAtOnce() {
        boolean[] written = new boolean[1];
        Mono<Void> write = ConnectionLoop.write(ConnectionLoop.of("not a connection"), () -> {
            written[0] = true;
            return Mono.empty();
        });
        assertThat(written[0]).isTrue();
        assertThat(write.block(Duration.ofSeconds(1))).isNull();
    }
}
