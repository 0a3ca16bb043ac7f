package io.tollgate.core.pipeline;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;


/** Reading a whole body, bounded. */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The body as bytes; fails with {@link PayloadTooLargeException} past {@code limit}. */
    public static Mono<byte[]> read(Flux<ByteBuf> body, long limit) {
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
