package io.tollgate.core.server.netty;

import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.WebSocketUpgrade;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;

/** Writes a finished reply to a transport's response: the one writer of every door. */
public final class ReplyWriter {

    private ReplyWriter() {
    }

    /** Status, headers, and the body: whole with a {@code Content-Length}, streamed, or none. */
    public static Mono<Void> write(Reply reply, ReplyTarget target) {
        WebSocketUpgrade upgrade = reply.upgrade();
        if (upgrade != null) {
            return target.upgrade(reply.headers(), upgrade);
        }
        byte[] bytes = reply.bytes();
        if (bytes != null) {
            target.head(reply.status(), reply.headers(), bytes.length);
            return bytes.length == 0 ? target.sendEmpty() : target.send(bytes);
        }
        if (!reply.isStreaming()) {
            target.head(reply.status(), reply.headers(), 0);
            return target.sendEmpty();
        }
        target.head(reply.status(), reply.headers(), -1);
        // a connection that is gone before the body is asked for (the client left, or retried on another
        // connection) never subscribes to it: the reply is then discarded, so its backend connection is released
        // and whoever waits for it (a stage cache's coalesced misses) hears that it ended
        AtomicBoolean subscribed = new AtomicBoolean();
        return target.send(reply.body().doOnSubscribe(s -> subscribed.set(true)))
                .doFinally(signal -> {
                    if (!subscribed.get()) {
                        reply.discard();
                    }
                });
    }
}
