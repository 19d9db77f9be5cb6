package io.tunnelwatch.agent.decode.ike;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IkeWireCodeTest {

    @Test
    void shouldNameTheSameNotifyNumberDifferentlyPerVersion() {
        IkeNotifyType seventeen = IkeNotifyType.of(17);
        assertThat(seventeen.name(1)).isEqualTo("INVALID-KEY-INFORMATION");
        assertThat(seventeen.name(2)).isEqualTo("INVALID_KE_PAYLOAD");
        assertThat(IkeNotifyType.of(24).name(1)).isEqualTo("AUTHENTICATION-FAILED");
        assertThat(IkeNotifyType.of(24).name(2)).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(IkeNotifyType.of(14).name(2)).isEqualTo("NO_PROPOSAL_CHOSEN");
        assertThat(IkeNotifyType.COOKIE.name(2)).isEqualTo("COOKIE");
        assertThat(IkeNotifyType.of(24578).name(1)).isEqualTo("INITIAL-CONTACT");
    }

    @Test
    void shouldTreatOnly1To16383AsErrors() {
        assertThat(IkeNotifyType.isError(0)).isFalse();
        assertThat(IkeNotifyType.isError(1)).isTrue();
        assertThat(IkeNotifyType.isError(16383)).isTrue();
        assertThat(IkeNotifyType.isError(16384)).isFalse();
        assertThat(IkeNotifyType.COOKIE.isError()).isFalse();
        assertThat(IkeNotifyType.INVALID_KE_PAYLOAD.isError()).isTrue();
    }

    @Test
    void shouldShowUnknownCodesByNumber() {
        assertThat(IkeNotifyType.of(9999).name(2)).isEqualTo("9999");
        assertThat(IkeNotifyType.of(9999).isError()).isTrue();
        assertThat(IkeExchangeType.of(99)).hasToString("99");
        assertThat(IkePayloadType.of(200)).hasToString("200");
        assertThat(IkeExchangeType.of(34)).isEqualTo(IkeExchangeType.IKE_SA_INIT).hasToString("IKE_SA_INIT");
        assertThat(IkeExchangeType.of(2)).hasToString("IDENTITY_PROTECTION");
        assertThat(IkePayloadType.of(46)).hasToString("SK");
    }

    @Test
    void shouldRecogniseNotifyDeleteVendorIdAndEncryptedInBothVersions() {
        assertThat(IkePayloadType.isNotify(11)).isTrue();
        assertThat(IkePayloadType.isNotify(41)).isTrue();
        assertThat(IkePayloadType.isDelete(12)).isTrue();
        assertThat(IkePayloadType.isDelete(42)).isTrue();
        assertThat(IkePayloadType.isVendorId(13)).isTrue();
        assertThat(IkePayloadType.isVendorId(43)).isTrue();
        assertThat(IkePayloadType.isEncryptedV2(46)).isTrue();
        assertThat(IkePayloadType.isEncryptedV2(53)).isTrue();
        assertThat(IkePayloadType.isEncryptedV2(47)).isFalse();
    }
}
