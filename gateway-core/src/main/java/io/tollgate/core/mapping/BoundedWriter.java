package io.tollgate.core.mapping;

import java.io.IOException;
import java.io.Writer;

/** A writer that refuses to grow past a limit, so a runaway template fails instead of exhausting memory. */
final class BoundedWriter extends Writer {

    /** The output passed the limit. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(long limit) {
            super("the template's output passed " + limit + " characters", null, false, false);
        }
    }

    private final Writer delegate;
    private final long limit;
    private long written;

    BoundedWriter(Writer delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        written += length;
        if (written > limit) {
            throw new LimitExceeded(limit);
        }
        delegate.write(buffer, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        written += length;
        if (written > limit) {
            throw new LimitExceeded(limit);
        }
        delegate.write(text, offset, length);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
