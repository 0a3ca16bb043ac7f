package io.tollgate.core.pipeline;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames written to a channel as fast as it takes them and no faster: the next frame is asked for only while fewer
 * than {@link #MAX_UNWRITTEN} bytes wait to reach the socket, so a peer that stops reading holds at most that much (and
 * one frame) of the gateway's memory per direction, whatever the frame size; its sender is held back by TCP in turn.
 * Reactor Netty's own {@code sendObject} asks for 128 messages at a time and writes them whether the channel is
 * writable or not, which for 64 KiB frames is 8 MiB per direction and session.
 */
public final class FrameWriter extends BaseSubscriber<WebSocketFrame> {

    /** The most bytes written to the channel and not yet on the wire before the next frame is asked for. */
    public static final int MAX_UNWRITTEN = 64 * 1024;
    /** A frame's header at most: opcode and length (10 bytes) and a client's mask (4). */
    private static final int HEADER = 14;

    private final Channel channel;
    private final MonoSink<Void> done;
    /** Bytes written and not yet flushed to the socket. */
    private final AtomicLong unwritten = new AtomicLong();
    /** Writes not yet completed; the stream's end waits for them. */
    private final AtomicLong writes = new AtomicLong();
    /** A frame has been asked for and not received yet (at most one at a time). */
    private final AtomicBoolean asked = new AtomicBoolean();
    private volatile boolean complete;
    private volatile boolean draining;
    private final AtomicBoolean ended = new AtomicBoolean();

    private FrameWriter(Channel channel, MonoSink<Void> done) {
        this.channel = channel;
        this.done = done;
    }

    /**
     * Writes {@code frames} (each one the writer's to release: written, or released by the channel when it cannot be)
     * to {@code channel}; completes once {@code frames} has ended and every frame is written. When the channel closes
     * or a write fails, the frames that still come are released unwritten (so that their sender is not stopped mid-way
     * but closed as the session's other direction decides). Cancelling the result cancels {@code frames}.
     */
    public static Mono<Void> write(Flux<WebSocketFrame> frames, Channel channel) {
        return Mono.create(sink -> {
            FrameWriter writer = new FrameWriter(channel, sink);
            sink.onCancel(writer);
            frames.subscribe(writer);
            channel.closeFuture().addListener(closed -> writer.drain());
        });
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        askIfRoom();
    }

    @Override
    protected void hookOnNext(WebSocketFrame frame) {
        if (draining) {
            frame.release();
            return;
        }
        asked.set(false);
        long size = frame.content().readableBytes() + HEADER;
        unwritten.addAndGet(size);
        writes.incrementAndGet();
        channel.writeAndFlush(frame).addListener(future -> {
            unwritten.addAndGet(-size);
            if (!future.isSuccess()) {
                drain();
            }
            if (writes.decrementAndGet() == 0 && complete) {
                end();
                return;
            }
            askIfRoom();
        });
        askIfRoom();
    }

    @Override
    protected void hookOnComplete() {
        complete = true;
        if (writes.get() == 0) {
            end();
        }
    }

    @Override
    protected void hookOnError(Throwable error) {
        hookOnComplete();
    }

    /** The next frame, when there is room for it and none is asked for already. */
    private void askIfRoom() {
        if (!draining && unwritten.get() < MAX_UNWRITTEN && !isDisposed() && asked.compareAndSet(false, true)) {
            request(1);
        }
    }

    /** Nothing more can be written: every frame that comes from now on is released as it comes. */
    private void drain() {
        if (!draining) {
            draining = true;
            if (!isDisposed()) {
                request(Long.MAX_VALUE);
            }
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            done.success();
        }
    }
}
