package io.tollgate.core.server.netty;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * Passes a request's inbound stream on unchanged, except that a terminal signal after the first is ignored.
 *
 * <p>Reactor Netty 1.3's inbound stream ({@code FluxReceive}), when its reader asked for everything (its fast path),
 * signals an inbound error to its reader and keeps it; when the connection is then disposed (Reactor Netty answers
 * the broken request 400), it signals that error again. Reactor's operators drop a second signal through
 * {@code Operators.onErrorDropped}, whose default logs it at ERROR with a stack trace, for every request whose body
 * breaks. The request was answered and its failure handled already: the repeat is logged at DEBUG here.
 */
final class OneTerminalSignal extends Flux<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(OneTerminalSignal.class);

    private final Publisher<?> source;

    OneTerminalSignal(Publisher<?> source) {
        this.source = source;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
        source.subscribe(new Once(actual));
    }

    private static final class Once implements CoreSubscriber<Object>, Subscription {

        private final CoreSubscriber<? super Object> actual;
        @SuppressWarnings("NullAway.Init") // set in onSubscribe, which comes before any other signal
        private Subscription upstream;
        private boolean done;

        Once(CoreSubscriber<? super Object> actual) {
            this.actual = actual;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(Object value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            if (done) {
                LOG.debug("The request body's stream signalled a second error, ignored: {}", error.toString());
                return;
            }
            done = true;
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }
}
