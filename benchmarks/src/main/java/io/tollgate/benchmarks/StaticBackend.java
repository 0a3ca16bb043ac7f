package io.tollgate.benchmarks;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;

/**
 * The load run's backend when nginx is not installed: a minimal Reactor Netty server answering every request with a
 * small fixed JSON pet. Usage: {@code java -cp benchmarks.jar io.tollgate.benchmarks.StaticBackend PORT}.
 */
public final class StaticBackend {

    private static final byte[] PET = "{\"id\":1,\"type\":\"dog\",\"price\":249.99}".getBytes(StandardCharsets.UTF_8);
    private static final String LENGTH = Integer.toString(PET.length);

    private StaticBackend() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18081;
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.receive().then(response
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .header(HttpHeaderNames.CONTENT_LENGTH, LENGTH)
                        .sendByteArray(Mono.just(PET)).then()))
                .bindNow();
        System.out.println("static backend on port " + server.port());
        server.onDispose().block();
    }
}
