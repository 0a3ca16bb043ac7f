package io.tollgate.core.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $context.requestTime}: AWS's CLF time, in UTC, to the second (formatted once per second, then reused). */
class RequestTimeTest {

    @Test
    void formatsTheRequestsSecondInUtc() {
        assertThat(GatewayExchange.requestTime(1_763_800_000_123L)).isEqualTo("22/Nov/2025:08:26:40 +0000");
        assertThat(GatewayExchange.requestTime(1_763_800_000_999L)).isEqualTo("22/Nov/2025:08:26:40 +0000");
        assertThat(GatewayExchange.requestTime(1_763_800_001_000L)).isEqualTo("22/Nov/2025:08:26:41 +0000");
        // back to an earlier second (requests end out of order): not the reused text of the later one
        assertThat(GatewayExchange.requestTime(1_763_800_000_500L)).isEqualTo("22/Nov/2025:08:26:40 +0000");
        assertThat(GatewayExchange.requestTime(0)).isEqualTo("01/Jan/1970:00:00:00 +0000");
        assertThat(GatewayExchange.requestTime(-1)).isEqualTo("31/Dec/1969:23:59:59 +0000");
    }
}
