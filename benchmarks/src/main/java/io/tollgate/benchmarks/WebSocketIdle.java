package io.tollgate.benchmarks;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle-connections run's client: opens {@code COUNT} WebSocket connections to {@code URL}, {@code BATCH} handshakes
 * at a time, sends nothing on them, and holds them; prints {@code open N} once all are open (or {@code failed N} for
 * those refused), then waits until it is killed. Usage:
 * {@code java -cp benchmarks.jar io.tollgate.benchmarks.WebSocketIdle URL COUNT [BATCH]}.
 */
public final class WebSocketIdle {

    private WebSocketIdle() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int first = 0; first < count; first += batch) {
            int last = Math.min(count, first + batch);
            for (int i = first; i < last; i++) {
                client.websocket().uri(url)
                        .handle((in, out) -> {
                            open.incrementAndGet();
                            // held: nothing sent, everything the server sends read (and dropped)
                            return in.receive().then(Mono.<Void>never());
                        })
                        .subscribe(nothing -> { }, error -> failed.incrementAndGet());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (open.get() + failed.get() < last && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        System.out.printf("open %d failed %d in %.1f s%n", open.get(), failed.get(),
                (System.nanoTime() - start) / 1e9);
        Thread.sleep(Duration.ofDays(1).toMillis());
    }
}
