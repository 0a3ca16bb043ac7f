package io.tollgate.core.integration;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;

/** Reads a body whole, failing with {@link PayloadTooLargeException} past a limit; releases nothing it does not own. */
final class BoundedBody {

    private BoundedBody() {
    }

    static Mono<byte[]> read(Flux<ByteBuf> body, long limit) {
        return body.collect(ByteArrayOutputStream::new, (out, buffer) -> {
                    int readable = buffer.readableBytes();
                    if (out.size() + (long) readable > limit) {
                        throw new PayloadTooLargeException();
                    }
                    byte[] chunk = new byte[readable];
                    buffer.getBytes(buffer.readerIndex(), chunk);
                    out.write(chunk, 0, readable);
                })
                .map(ByteArrayOutputStream::toByteArray);
    }
}
