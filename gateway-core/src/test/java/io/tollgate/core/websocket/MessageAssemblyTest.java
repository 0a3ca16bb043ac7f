package io.tollgate.core.websocket;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tollgate.core.api.WebSocketSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's messages put together from their frames, and refused as AWS's quotas and RFC 6455 say. */
class MessageAssemblyTest {

    private static final WebSocketSettings SMALL = new WebSocketSettings(Duration.ofMinutes(1), Duration.ofHours(1),
            200, 500, false, 4096, false);

    /** {@code frame}'s step, the frame released as the connection's reader releases it. */
    private static MessageAssembly.Step add(MessageAssembly assembly, WebSocketFrame frame) {
        try {
            return assembly.add(frame);
        } finally {
            frame.release();
        }
    }

    private static TextWebSocketFrame text(boolean fin, String text) {
        return new TextWebSocketFrame(fin, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static ContinuationWebSocketFrame more(boolean fin, byte[] bytes) {
        return new ContinuationWebSocketFrame(fin, 0, Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void fragmentsMakeOneMessageAndTheNextStartsAfresh() {
        MessageAssembly assembly = new MessageAssembly(SMALL);
        assertThat(add(assembly, text(false, "hel"))).isNull();
        assertThat(add(assembly, more(false, "lo ".getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(add(assembly, more(true, "world".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(MessageAssembly.Message.class, message -> {
                    assertThat(new String(message.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
                    assertThat(message.binary()).isFalse();
                });
        assertThat(add(assembly, text(true, "next"))).isInstanceOfSatisfying(MessageAssembly.Message.class,
                message -> assertThat(message.bytes()).isEqualTo("next".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMessageOverTheSizeIsRefusedWith1009ThoughEachFrameIsWithinIt() {
        MessageAssembly assembly = new MessageAssembly(SMALL);
        assertThat(add(assembly, text(false, "a".repeat(200)))).isNull();
        assertThat(add(assembly, more(false, new byte[200]))).isNull();
        assertThat(add(assembly, more(true, new byte[101]))).isEqualTo(MessageAssembly.TOO_BIG);
        // exactly the size is a message
        MessageAssembly exact = new MessageAssembly(SMALL);
        assertThat(add(exact, text(false, "a".repeat(250)))).isNull();
        assertThat(add(exact, more(true, "b".repeat(250).getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MessageAssembly.Message.class);
    }

    @Test
    void binaryIsRefusedWith1003UnlessAllowedAndTextMustBeUtf8() {
        assertThat(add(new MessageAssembly(SMALL), new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}))))
                .isEqualTo(new MessageAssembly.Refusal(1003, "Binary messages are not supported"));
        assertThat(add(new MessageAssembly(SMALL.withBinaryMessages(true)),
                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff}))))
                .isInstanceOfSatisfying(MessageAssembly.Message.class, message -> assertThat(message.binary()).isTrue());
        // a character split over two frames is fine; an invalid sequence is 1007
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        MessageAssembly split = new MessageAssembly(SMALL);
        assertThat(add(split, new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {euro[0]})))).isNull();
        assertThat(add(split, more(true, new byte[] {euro[1], euro[2]}))).isInstanceOf(MessageAssembly.Message.class);
        assertThat(add(new MessageAssembly(SMALL), new TextWebSocketFrame(true, 0,
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xc3, 0x28}))))
                .isEqualTo(new MessageAssembly.Refusal(1007, "Invalid UTF-8 in a text message"));
    }
}
