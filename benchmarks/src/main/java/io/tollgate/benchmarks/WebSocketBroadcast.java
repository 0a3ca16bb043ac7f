package io.tollgate.benchmarks;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The broadcast run's client: opens {@code COUNT} WebSocket connections to the chat sample (spread over the given
 * URLs, one instance or several), then has the first send {@code BROADCASTS} chat messages
 * ({@code {"action":"sendmessage","data":"<n>"}}), at most {@code WINDOW} of them under way at a time; the chat sends
 * each to every connection. Counts what every connection receives; reports the deliveries per second and the time from
 * sending a message to its last delivery (p50, p99), the first {@code WARMUP} broadcasts left out. Usage:
 * {@code java -cp benchmarks.jar io.tollgate.benchmarks.WebSocketBroadcast URL[,URL...] COUNT BROADCASTS WINDOW WARMUP}.
 */
public final class WebSocketBroadcast {

    private WebSocketBroadcast() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> urls = List.of(args[0].split(","));
        int count = Integer.parseInt(args[1]);
        int broadcasts = Integer.parseInt(args[2]);
        int window = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicIntegerArray received = new AtomicIntegerArray(broadcasts);
        long[] sentAt = new long[broadcasts];
        long[] doneAt = new long[broadcasts];
        Semaphore room = new Semaphore(window);
        AtomicInteger stray = new AtomicInteger();
        Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        for (int i = 0; i < count; i++) {
            boolean sender = i == 0;
            client.websocket().uri(urls.get(i % urls.size()))
                    .handle((in, out) -> {
                        open.incrementAndGet();
                        Mono<Void> reading = in.receive().asString().doOnNext(text -> {
                            int n;
                            try {
                                n = Integer.parseInt(text);
                            } catch (NumberFormatException e) {
                                stray.incrementAndGet(); // the gateway's error frame: counted, reported
                                return;
                            }
                            if (n >= 0 && n < broadcasts && received.incrementAndGet(n) == count) {
                                doneAt[n] = System.nanoTime();
                                room.release();
                            }
                        }).then();
                        Mono<Void> writing = sender ? out.sendString(outbound.asFlux()).then() : Mono.never();
                        return Mono.when(reading, writing);
                    })
                    .subscribe(nothing -> { }, error -> failed.incrementAndGet());
            if (i % 200 == 199) {
                // 200 handshakes at a time
                int started = i + 1;
                long batchDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (open.get() + failed.get() < started && System.nanoTime() < batchDeadline) {
                    Thread.sleep(5);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (open.get() + failed.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf("open %d failed %d%n", open.get(), failed.get());
        if (open.get() < count) {
            System.exit(1);
        }
        Thread.sleep(1000); // the last $connect functions have stored their connections
        long start = 0;
        for (int n = 0; n < broadcasts; n++) {
            if (!room.tryAcquire(30, TimeUnit.SECONDS)) {
                System.out.printf("stalled: broadcast %d not delivered to all %d within 30 s (%d got it)%n",
                        n - window, count, n - window >= 0 ? received.get(n - window) : -1);
                System.exit(1);
            }
            if (n == warmup) {
                start = System.nanoTime();
            }
            sentAt[n] = System.nanoTime();
            outbound.emitNext("{\"action\":\"sendmessage\",\"data\":\"" + n + "\"}", Sinks.EmitFailureHandler.busyLooping(
                    java.time.Duration.ofSeconds(1)));
        }
        if (!room.tryAcquire(window, 60, TimeUnit.SECONDS)) {
            System.out.println("stalled: the last broadcasts were not delivered to all connections within 60 s");
            System.exit(1);
        }
        long end = 0;
        long[] latencies = new long[broadcasts - warmup];
        for (int n = warmup; n < broadcasts; n++) {
            end = Math.max(end, doneAt[n]);
            latencies[n - warmup] = doneAt[n] - sentAt[n];
        }
        Arrays.sort(latencies);
        double seconds = (end - start) / 1e9;
        long deliveries = (long) (broadcasts - warmup) * count;
        System.out.printf("connections %d broadcasts %d deliveries %d in %.2f s: %.0f deliveries/s; broadcast "
                        + "(send to last delivery) p50 %.1f ms p99 %.1f ms; stray frames %d%n", count,
                broadcasts - warmup, deliveries, seconds, deliveries / seconds,
                latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6, stray.get());
        System.exit(0);
    }
}
