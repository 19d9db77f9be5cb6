package io.tunnelwatch.synth.scenario;

import java.util.Arrays;
import java.util.Optional;

/**
 * The scenarios of the correlation contract, by the name the synth command takes. Each generates one tunnel key's
 * traffic (or, for noise, traffic that is no tunnel) and knows what the job must emit for it.
 */
public enum Scenario {
    QUICKVPN_TLS("quickvpn-tls", "QuickVPN: HTTPS login (SSLv2 hello, TLS 1.0), IKEv1 Main + Quick Mode, ESP both ways"),
    IKEV1_MAIN("ikev1-main", "IKEv1 Main Mode + Quick Mode, ESP both ways"),
    IKEV1_AGGRESSIVE("ikev1-aggressive", "IKEv1 Aggressive Mode, XAUTH and Mode-Config, Quick Mode, ESP both ways"),
    IKEV2("ikev2", "IKEv2: INVALID_KE_PAYLOAD retry hint, IKE_SA_INIT, IKE_AUTH, ESP both ways"),
    IKEV2_NATT("ikev2-natt", "IKEv2 behind NAT: COOKIE round, IKE_AUTH with EAP on UDP 4500, ESP-in-UDP, keepalives"),
    IKEV2_IPV6("ikev2-ipv6", "IKEv2 over IPv6: IKE_SA_INIT, IKE_AUTH, ESP (next header 50) both ways"),
    TCP_NO_RESPONSE("tcp-no-response", "after a refused attempt (IKE_NOTIFY_ERROR), the retry's SYNs to 443 go unanswered"),
    TCP_REFUSED("tcp-refused", "after a refused attempt (IKE_NOTIFY_ERROR), the retry's SYN to 443 is answered with RST"),
    TLS_ALERT("tls-alert", "after a refused attempt, the router answers the SSLv2 hello with a fatal protocol_version (70)"),
    TLS_RESET("tls-reset", "after a refused attempt, the router resets the connection after the ClientHello"),
    TLS_INCOMPLETE("tls-incomplete", "after a refused attempt, the handshake stalls after the certificate flight"),
    IKE_NOT_STARTED("ike-not-started", "after a refused attempt, the HTTPS login completes and no IKE follows (rejected login)"),
    IKE_NO_RESPONSE("ike-no-response", "MM1 retransmitted, gateway silent"),
    IKE_NOTIFY_ERROR("ike-notify-error", "gateway answers MM1 with NO-PROPOSAL-CHOSEN (14)"),
    IKE_PHASE1_INCOMPLETE("ike-phase1-incomplete", "Main Mode stops after MM5 (pre-shared key mismatch)"),
    IKE_PHASE2_NOT_STARTED("ike-phase2-not-started", "Main Mode completes, no Quick Mode follows"),
    IKE_PHASE2_INCOMPLETE("ike-phase2-incomplete", "QM1 retransmitted, no QM2"),
    ESP_NONE("esp-none", "Quick Mode completes, no ESP at all"),
    ESP_ONE_WAY("esp-one-way", "Quick Mode completes, ESP from the client only"),
    IKEV2_INVALID_KE_TIMEOUT("ikev2-invalid-ke-timeout",
        "IKEv2: the retry hint INVALID_KE_PAYLOAD (17) is never acted on; phase 1 times out with 17 as evidence"),
    IKEV2_AUTH_FAILED("ikev2-auth-failed",
        "IKEv2: IKE_AUTH answered (AUTHENTICATION_FAILED, invisible inside SK): surfaces as ESP_NONE"),
    TLS13_CERTIFICATE_REJECTED("tls13-certificate-rejected",
        "after a refused attempt, a TLS 1.3 login completes and the client rejects the certificate encrypted: IKE_NOT_STARTED"),
    REKEY_NO_RESPONSE("rekey-no-response", "established IKEv1 tunnel; the client's phase-1 rekey gets no answer while ESP flows"),
    RETRY("retry", "first attempt gets no IKE answer, the second succeeds (attempt 2)"),
    MID_SESSION_PICKUP("mid-session-pickup", "ESP_ONE_WAY, then ESP flows both ways on the same SAs: established without a handshake"),
    NOISE("noise", "DNS, HTTPS to web servers (one refused with a fatal alert): no tunnel, no output");

    private final String cliName;
    private final String description;

    Scenario(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static Optional<Scenario> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }
}
