package io.tollgate.core.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.pipeline.Reply;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed reply whose connection is gone before the body is asked for (the server's send fails without
 * subscribing to it) is discarded, so its backend connection is released and whoever waits for it hears it ended;
 * a body that was streamed is never discarded as well.
 */
class ReplyWritingTest {

    /** A response whose {@code send} either fails at once (the connection is gone) or streams the body. */
    private static HttpServerResponse response(boolean connectionGone) {
        return (HttpServerResponse) Proxy.newProxyInstance(ReplyWritingTest.class.getClassLoader(),
                new Class<?>[] {HttpServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "send" -> {
                        @SuppressWarnings("unchecked")
                        Publisher<ByteBuf> body = args != null && args.length == 1 ? (Publisher<ByteBuf>) args[0] : Flux.empty();
                        Mono<Void> sent = connectionGone
                                ? Mono.error(new IllegalStateException("connection closed"))
                                : Flux.from(body).doOnNext(ByteBuf::release).then();
                        yield outbound(sent);
                    }
                    case "status", "headers", "header" -> proxy;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static NettyOutbound outbound(Mono<Void> sent) {
        return (NettyOutbound) Proxy.newProxyInstance(ReplyWritingTest.class.getClassLoader(),
                new Class<?>[] {NettyOutbound.class}, (proxy, method, args) -> {
                    if (method.getName().equals("then") && (args == null || args.length == 0)) {
                        return sent;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Reply streamed(AtomicInteger discarded) {
        Flux<ByteBuf> body = Flux.defer(() -> Flux.just(Unpooled.copiedBuffer("{\"id\":1}", StandardCharsets.UTF_8)));
        return Reply.streaming(200, new DefaultHttpHeaders(), body, discarded::incrementAndGet);
    }

    @Test
    void aBodyNeverAskedForIsDiscarded() {
        AtomicInteger discarded = new AtomicInteger();
        StepVerifier.create(ReactorNettyGatewayHandler.write(streamed(discarded), response(true)))
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(10));
        assertThat(discarded).hasValue(1);
    }

    @Test
    void aStreamedBodyIsNotDiscarded() {
        AtomicInteger discarded = new AtomicInteger();
        StepVerifier.create(ReactorNettyGatewayHandler.write(streamed(discarded), response(false))).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(discarded).hasValue(0);
    }
}
