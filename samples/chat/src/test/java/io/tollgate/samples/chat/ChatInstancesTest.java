package io.tollgate.samples.chat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tollgate.core.function.BlockingGatewayFunction;
import io.tollgate.core.function.GatewayFunction;
import io.tollgate.testsupport.Await;
import io.tollgate.testsupport.RawWebSocket;
import io.tollgate.testsupport.RedisAvailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat as its users run it: two instances on one Redis, clients on each. A message sent through either instance
 * reaches every client of both (the sender's too), from raw WebSocket clients and from the page in two real headless
 * browsers (Debian's chromium, driven by Selenium through chromium-driver). The first instance sends through the
 * {@code WebSocketConnections} bean, the second as AWS's sample does, through the {@code @connections} API with the
 * AWS SDK's own client.
 */
class ChatInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final String prefix = "tollgate-test:" + UUID.randomUUID() + ":";
    private static final String connectionsKey = prefix + "chat:connections";
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> plain;

    @BeforeAll
    static void start() {
        RedisAvailable.require();
        first = start(prefix, "bean");
        second = start(prefix, "connections-api");
        client = RedisClient.create("redis://127.0.0.1:6379");
        plain = client.connect();
    }

    private static ConfigurableApplicationContext start(String prefix, String sendThrough) {
        int port = TestSocketUtils.findAvailableTcpPort();
        return new SpringApplicationBuilder(ChatApplication.class).run("--server.port=" + port,
                "--chat.connections-key=" + connectionsKey, "--tollgate.websocket.redis-prefix=" + prefix + "ws:",
                "--chat.send-through=" + sendThrough);
    }

    // The two applications are closed at the JVM's exit (SpringApplication's shutdown hook): closing one disposes
    // Reactor Netty's global event loops, which the other still uses.

    @AfterAll
    static void cleanUp() {
        if (plain != null) {
            List<String> keys = redis().keys(prefix + "*");
            if (!keys.isEmpty()) {
                redis().del(keys.toArray(String[]::new));
            }
            plain.close();
            client.shutdown();
        }
    }

    private static RedisCommands<String, String> redis() {
        return plain.sync();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static void say(RawWebSocket socket, String data) throws IOException {
        socket.send(RawWebSocket.FIN | RawWebSocket.TEXT, ("{\"action\":\"sendmessage\",\"data\":\"" + data + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachInstanceSendsItsOwnWay() {
        assertThat(first.getBean("sendMessage")).isInstanceOf(GatewayFunction.class);
        assertThat(second.getBean("sendMessage")).isInstanceOf(BlockingGatewayFunction.class);
        assertThat(second.getBean(ApiGatewayManagementApiClient.class)).isNotNull();
        assertThat(first.getBeansOfType(ApiGatewayManagementApiClient.class)).isEmpty();
    }

    @Test
    void aMessageThroughEitherInstanceReachesEveryClientOfBoth() throws Exception {
        try (RawWebSocket alice = RawWebSocket.connect(port(first), "/chat/prod", "");
             RawWebSocket bob = RawWebSocket.connect(port(second), "/chat/prod", "")) {
            assertThat(alice.head()).startsWith("HTTP/1.1 101");
            assertThat(bob.head()).startsWith("HTTP/1.1 101");
            assertThat(redis().scard(connectionsKey)).isEqualTo(2);

            say(alice, "hello from the first instance");
            assertThat(alice.read().text()).isEqualTo("hello from the first instance");
            assertThat(bob.read().text()).isEqualTo("hello from the first instance");
            // through the second instance's @connections API (the AWS SDK), alice's connection reached through Redis
            say(bob, "and back from the second");
            assertThat(bob.read().text()).isEqualTo("and back from the second");
            assertThat(alice.read().text()).isEqualTo("and back from the second");

            // a connection the chat still lists but that ended unseen (its instance died): gone, so forgotten
            redis().sadd(connectionsKey, "vanished-connection=");
            say(alice, "anyone?");
            assertThat(alice.read().text()).isEqualTo("anyone?");
            assertThat(bob.read().text()).isEqualTo("anyone?");
            Await.until("the vanished connection forgotten", WAIT,
                    () -> !redis().sismember(connectionsKey, "vanished-connection="));
            // and through the @connections API: the SDK's GoneException (410) forgets it too
            redis().sadd(connectionsKey, "vanished-too=");
            say(bob, "anyone there?");
            assertThat(bob.read().text()).isEqualTo("anyone there?");
            assertThat(alice.read().text()).isEqualTo("anyone there?");
            Await.until("the other vanished connection forgotten", WAIT,
                    () -> !redis().sismember(connectionsKey, "vanished-too="));

            // a message without data is refused (the function's 400 is not sent: the route is one-way)
            alice.send(RawWebSocket.FIN | RawWebSocket.TEXT, "{\"action\":\"sendmessage\"}".getBytes(StandardCharsets.UTF_8));
            say(alice, "still here");
            assertThat(alice.read().text()).isEqualTo("still here");
            assertThat(bob.read().text()).isEqualTo("still here");

            bob.sendClose(1000, "bye");
            assertThat(bob.read().opcode()).isEqualTo(RawWebSocket.CLOSE);
        }
        Await.until("$disconnect removed both connections", WAIT, () -> redis().scard(connectionsKey) == 0);
    }

    @Test
    void twoBrowsersOnTwoInstancesChatThroughThePage() throws Exception {
        BrowserAvailable.require(CHROMIUM, CHROMEDRIVER);
        List<WebDriver> browsers = new ArrayList<>();
        List<Path> profiles = new ArrayList<>();
        try {
            for (ConfigurableApplicationContext instance : List.of(first, second)) {
                Path profile = Files.createTempDirectory("chat-browser");
                profiles.add(profile);
                WebDriver browser = browser(profile);
                browsers.add(browser);
                browser.get("http://127.0.0.1:" + port(instance) + "/");
                assertThat(browser.getTitle()).isEqualTo("Tollgate chat");
                new WebDriverWait(browser, WAIT).until(page -> "open".equals(
                        page.findElement(By.id("status")).getAttribute("data-state")));
            }
            WebDriver alice = browsers.get(0);
            WebDriver bob = browsers.get(1);

            type(alice, "Hi Bob, this is Alice on the first instance");
            seen(alice, "Hi Bob, this is Alice on the first instance");
            seen(bob, "Hi Bob, this is Alice on the first instance");

            // markup in a message is shown as text, never run
            type(bob, "<b>Hi</b> <img src=x onerror=alert(1)>");
            seen(alice, "<b>Hi</b> <img src=x onerror=alert(1)>");
            seen(bob, "<b>Hi</b> <img src=x onerror=alert(1)>");
            assertThat(alice.findElements(By.cssSelector("#messages b, #messages img"))).isEmpty();
        } finally {
            browsers.forEach(WebDriver::quit);
            for (Path profile : profiles) {
                deleteQuietly(profile.toFile());
            }
        }
    }

    private static WebDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // headless as root on a machine whose network is closed: no sandbox, nothing fetched in the background
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void type(WebDriver browser, String text) {
        WebElement input = browser.findElement(By.id("message"));
        input.sendKeys(text);
        browser.findElement(By.id("send")).click();
    }

    private static void seen(WebDriver browser, String text) {
        new WebDriverWait(browser, WAIT).until(page -> page.findElements(By.cssSelector("#messages li")).stream()
                .anyMatch(item -> item.getText().equals(text)));
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
