package io.tunnelwatch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplaySpeedTest {
    @Test
    void shouldReadMaxRealtimeAndFactors() {
        assertThat(ReplaySpeed.parse("max").isMax()).isTrue();
        assertThat(ReplaySpeed.parse("realtime").factor()).isEqualTo(1.0);
        assertThat(ReplaySpeed.parse("10").factor()).isEqualTo(10.0);
        assertThat(ReplaySpeed.parse("0.5x").factor()).isEqualTo(0.5);
    }

    @Test
    void shouldRejectWhatIsNotASpeed() {
        assertThatThrownBy(() -> ReplaySpeed.parse("fast"))
                .hasMessage("bad --speed 'fast': use max, realtime or a positive factor such as 10");
        assertThatThrownBy(() -> ReplaySpeed.parse("0")).hasMessage("bad --speed '0': the factor must be a positive number");
        assertThatThrownBy(() -> ReplaySpeed.parse("-2")).isInstanceOf(ConfigException.class);
    }
}
