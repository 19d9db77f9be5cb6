package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every record the job moves or keeps in state goes through Flink's own serializer, never Kryo. */
class FlinkTypesTest {

    @Test
    void shouldSerializeEveryJobRecordFieldByField() {
        for (Class<?> type : new Class<?>[] {SummaryElement.class, TunnelPacket.class, AgentHeartbeat.class,
                DeadLetter.class, TunnelOutput.class, TunnelSeenPolicy.Seen.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}
