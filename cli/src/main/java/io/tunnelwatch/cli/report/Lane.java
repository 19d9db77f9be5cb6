package io.tunnelwatch.cli.report;

/** A row of a tunnel's timeline: one step of a remote-access attempt, ESP split by direction. */
public enum Lane {
    TLS("TLS login", "TCP and TLS to the gateway's VPN port"),
    IKE_PHASE_1("IKE phase 1", "Main/Aggressive Mode, IKE_SA_INIT/IKE_AUTH, informational"),
    IKE_PHASE_2("IKE phase 2", "Quick Mode, CREATE_CHILD_SA"),
    ESP_TO_GATEWAY("ESP client\u2192gateway", "ESP and NAT-T keepalives sent by the client"),
    ESP_TO_CLIENT("ESP gateway\u2192client", "ESP and NAT-T keepalives sent by the gateway");

    private final String title;
    private final String meaning;

    Lane(String title, String meaning) {
        this.title = title;
        this.meaning = meaning;
    }

    public String title() {
        return title;
    }

    public String meaning() {
        return meaning;
    }
}
