package io.tollgate.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket run's load: for each target, {@code SESSIONS} sessions at once, each sending a text message of
 * {@code SIZE} bytes and waiting for its echo before the next (a closed loop), for {@code DURATION} seconds; targets
 * warmed up first ({@code WARMUP} seconds each), then measured in {@code ROUNDS} interleaved rounds. Prints, per target,
 * the medians over the rounds of messages per second, the round trip's p50 and p99, and, when the target's process id
 * is given, that process's CPU time (user and system, from {@code /proc}) per message. Usage:
 * {@code java -cp benchmarks.jar io.tollgate.benchmarks.WebSocketLoad WARMUP ROUNDS DURATION SESSIONS SIZE
 * NAME=WS_URL[@PID]...}.
 */
public final class WebSocketLoad {

    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private WebSocketLoad() {
    }

    record Target(String name, String url, long pid) {
    }

    record Round(double messagesPerSecond, double p50Micros, double p99Micros, double cpuMicrosPerMessage, long errors) {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int duration = Integer.parseInt(args[2]);
        int sessions = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        List<Target> targets = new ArrayList<>();
        for (String spec : Arrays.copyOfRange(args, 5, args.length)) {
            String name = spec.substring(0, spec.indexOf('='));
            String rest = spec.substring(spec.indexOf('=') + 1);
            int at = rest.lastIndexOf('@');
            targets.add(at < 0 ? new Target(name, rest, -1)
                    : new Target(name, rest.substring(0, at), Long.parseLong(rest.substring(at + 1))));
        }
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        String message = "x".repeat(size);
        for (Target target : targets) {
            System.out.printf("warming up %s for %d s%n", target.name(), warmup);
            run(client, target, sessions, message, warmup);
        }
        Map<String, List<Round>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Target target : targets) {
                Round result = run(client, target, sessions, message, duration);
                results.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(result);
                System.out.printf("round %d %s: %.0f msg/s, p50 %.0f µs, p99 %.0f µs, CPU %.1f µs/msg, errors %d%n",
                        round, target.name(), result.messagesPerSecond(), result.p50Micros(), result.p99Micros(),
                        result.cpuMicrosPerMessage(), result.errors());
            }
        }
        System.out.println();
        System.out.printf("%d sessions, %d-byte text messages, each echoed before the next; medians of %d rounds of %d s%n%n",
                sessions, size, rounds, duration);
        StringBuilder header = new StringBuilder("| target | msg/s | p50 µs | p99 µs | CPU µs/msg | errors |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|");
        for (Target target : targets) {
            header.append(" ×").append(target.name()).append(" |");
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Target target : targets) {
            List<Round> list = results.get(target.name());
            double rate = median(list.stream().mapToDouble(Round::messagesPerSecond).toArray());
            StringBuilder line = new StringBuilder(String.format("| %s | %.0f | %.0f | %.0f | %s | %d |", target.name(), rate,
                    median(list.stream().mapToDouble(Round::p50Micros).toArray()),
                    median(list.stream().mapToDouble(Round::p99Micros).toArray()),
                    target.pid() < 0 ? "" : String.format("%.1f", median(list.stream().mapToDouble(Round::cpuMicrosPerMessage).toArray())),
                    list.stream().mapToLong(Round::errors).sum()));
            for (Target other : targets) {
                double otherRate = median(results.get(other.name()).stream().mapToDouble(Round::messagesPerSecond).toArray());
                line.append(String.format(" %.2f |", rate / otherRate));
            }
            System.out.println(line);
        }
        System.exit(0);
    }

    private static Round run(HttpClient client, Target target, int sessions, String message, int seconds) throws IOException {
        Recorder recorder = new Recorder(3);
        AtomicLong messages = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long cpuBefore = cpu(target.pid());
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        Flux.range(0, sessions)
                .flatMap(i -> session(client, target.url(), message, end, recorder, messages)
                        .onErrorResume(e -> {
                            errors.incrementAndGet();
                            return Mono.empty();
                        }), sessions)
                .blockLast(Duration.ofSeconds(seconds + 60L));
        long elapsed = System.nanoTime() - start;
        long cpu = cpu(target.pid()) - cpuBefore;
        Histogram histogram = recorder.getIntervalHistogram();
        long count = messages.get();
        return new Round(count * 1e9 / elapsed, histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3, count == 0 || target.pid() < 0 ? 0 : cpu / 1e3 / count, errors.get());
    }

    /** One session: a message, its echo, the next, until {@code end}; then a close. */
    private static Mono<Void> session(HttpClient client, String url, String message, long end, Recorder recorder,
                                      AtomicLong messages) {
        return client.websocket().uri(url).handle((in, out) -> {
            Sinks.Many<String> next = Sinks.many().unicast().onBackpressureBuffer();
            long[] sentAt = {System.nanoTime()};
            Mono<Void> echoes = in.receive().asString().doOnNext(echo -> {
                long now = System.nanoTime();
                recorder.recordValue(now - sentAt[0]);
                messages.incrementAndGet();
                if (now < end) {
                    sentAt[0] = System.nanoTime();
                    next.tryEmitNext(message);
                } else {
                    next.tryEmitComplete();
                }
            }).then();
            next.tryEmitNext(message);
            return Mono.when(out.sendString(next.asFlux()).then().then(out.sendClose()), echoes);
        }).then();
    }

    /** The process's CPU time so far, in nanoseconds (user and system), or 0 without a pid. */
    private static long cpu(long pid) throws IOException {
        if (pid < 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime field 14 and stime field 15 (1-based, of the whole line)
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
