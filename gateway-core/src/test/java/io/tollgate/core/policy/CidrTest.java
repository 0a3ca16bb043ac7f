package io.tollgate.core.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void ipv4AndIpv6BlocksAndMappedAddresses() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("10.200.3.4"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("192.168.1.128/25").contains(Cidr.address("192.168.1.200"))).isTrue();
        assertThat(Cidr.parse("192.168.1.128/25").contains(Cidr.address("192.168.1.100"))).isFalse();
        assertThat(Cidr.parse("203.0.113.7").contains(Cidr.address("203.0.113.7"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(Cidr.address("2001:db8:abcd::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(Cidr.address("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains(Cidr.address("::ffff:127.0.0.1"))).isTrue();
        assertThat(Cidr.parse("::1/128").contains(Cidr.address("[::1]"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.address("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("not-an-ip"))).isFalse();
        assertThat(Cidr.address("example.com")).isNull();
    }
}
