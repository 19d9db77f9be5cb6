package io.tunnelwatch.cli.report;

/** A tunnel as the verdicts name it: the client's and the gateway's address, as the job writes them. */
public record TunnelId(String client, String gateway) {
    public String text() {
        return client + "->" + gateway;
    }
}
