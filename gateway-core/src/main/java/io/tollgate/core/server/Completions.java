package io.tollgate.core.server;

import io.netty.buffer.ByteBuf;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestFacts;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.RequestOutcome;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells an observed request's listeners how it ended: at once for a reply held in memory, when its body has been
 * streamed (or dropped) for a streamed one, with the bytes counted as they pass.
 */
final class Completions {

    private Completions() {
    }

    /** {@code error}: the gateway error the reply stands for, or null; {@code completion}: the request's facts' one. */
    static Reply attach(GatewayExchange exchange, Reply reply, @Nullable GatewayError error,
                        RequestListener.Completion completion) {
        RequestFacts facts = exchange.facts();
        facts.completion(null);
        if (!reply.isStreaming()) {
            byte[] bytes = reply.bytes();
            completion.complete(exchange, new RequestOutcome(reply.status(), bytes == null ? 0 : bytes.length, error,
                    System.nanoTime() - exchange.startNanos(), facts.failure()));
            return reply;
        }
        AtomicBoolean done = new AtomicBoolean();
        long[] length = new long[1];
        Runnable complete = () -> {
            if (done.compareAndSet(false, true)) {
                completion.complete(exchange, new RequestOutcome(reply.status(), length[0], error,
                        System.nanoTime() - exchange.startNanos(), facts.failure()));
            }
        };
        Flux<ByteBuf> body = reply.body()
                .doOnNext(buffer -> length[0] += buffer.readableBytes())
                .doFinally(signal -> complete.run());
        return Reply.streaming(reply.status(), reply.headers(), body, () -> {
            try {
                reply.discard();
            } finally {
                complete.run();
            }
        });
    }
}
