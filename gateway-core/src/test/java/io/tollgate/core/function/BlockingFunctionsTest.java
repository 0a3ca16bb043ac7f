package io.tollgate.core.function;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.server.Gateway;
import io.tollgate.testsupport.GatewayServer;
import io.tollgate.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With BlockHound watching the event loops, a blocking function's blocking call must pass (it runs on the function
 * pool), and the same call made on an event loop must be caught (so the check is real).
 */
class BlockingFunctionsTest {

    private static BlockingFunctions blocking;
    private static GatewayServer server;
    private static TestHttp http;

    private static Object blockBriefly() throws InterruptedException {
        new CountDownLatch(1).await(1, TimeUnit.MILLISECONDS);
        return Map.of("statusCode", 200, "body", Thread.currentThread().getName());
    }

    @BeforeAll
    static void start() {
        BlockHound.install();
        blocking = new BlockingFunctions(2, 8);
        Map<String, GatewayFunction> functions = Map.of(
                "blocking", blocking.adapt((event, context) -> blockBriefly()),
                "onEventLoop", (event, context) -> Mono.fromCallable(BlockingFunctionsTest::blockBriefly));
        Api api = Api.builder("a")
                .route("GET /blocking", IntegrationSpec.function("blocking"))
                .route("GET /on-event-loop", IntegrationSpec.function("onEventLoop"))
                .build();
        Gateway gateway = Gateway.builder().api(api).feature(new FunctionFeature(name -> Optional.ofNullable(functions.get(name)))).build();
        server = GatewayServer.start(gateway);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        blocking.close();
    }

    @Test
    void blockingFunctionsNeverBlockAnEventLoop() {
        TestHttp.Response response = http.get("/blocking");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("tollgate-function-");
    }

    @Test
    void blockHoundCatchesBlockingOnAnEventLoop() {
        TestHttp.Response response = http.get("/on-event-loop");
        assertThat(response.status()).isEqualTo(502);
    }
}
