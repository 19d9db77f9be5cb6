package io.tunnelwatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * FlowKey's written-out equals and hashCode mean what a record's generated ones mean: equal exactly when
 * every component is, and equal keys hash alike. Components come from small ranges so that keys
 * differing in one field only are frequent.
 */
class FlowKeyProperties {

    @Property(tries = 5000)
    void equalExactlyWhenEveryComponentIs(@ForAll("key") FlowKey a, @ForAll("key") FlowKey b) {
        assertThat(a.equals(b)).isEqualTo(components(a).equals(components(b)));
        assertThat(a.equals(copy(a))).isTrue();
        assertThat(a.hashCode()).isEqualTo(copy(a).hashCode());
        if (a.equals(b)) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals(components(a))).isFalse();
    }

    @Provide
    Arbitrary<FlowKey> key() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 2);
        Arbitrary<Integer> tiny = Arbitraries.integers().between(0, 1);
        return Combinators.combine(Arbitraries.of(4, 6), small, small, small, small, tiny, tiny, Arbitraries.of(FlowClass.class))
                .flatAs((v, sh, sl, dh, dl, sp, dp, c) -> Combinators.combine(small, tiny, Arbitraries.of(true, false), tiny)
                        .as((spi, vlan, natt, source) -> new FlowKey(v, sh, sl, dh, dl, sp, dp, c, spi, vlan, natt, source)));
    }

    private static List<Object> components(FlowKey k) {
        return Arrays.asList(k.ipVersion(), k.srcHigh(), k.srcLow(), k.dstHigh(), k.dstLow(), k.srcPort(), k.dstPort(),
                k.flowClass(), k.spi(), k.vlan(), k.natt(), k.source());
    }

    private static FlowKey copy(FlowKey k) {
        return new FlowKey(k.ipVersion(), k.srcHigh(), k.srcLow(), k.dstHigh(), k.dstLow(), k.srcPort(), k.dstPort(),
                k.flowClass(), k.spi(), k.vlan(), k.natt(), k.source());
    }
}
