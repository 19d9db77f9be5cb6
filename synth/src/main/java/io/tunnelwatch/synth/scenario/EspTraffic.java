package io.tunnelwatch.synth.scenario;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an established tunnel's ESP is spread in time. It does not change any verdict, only how many
 * packets fall into one second of one direction, which is what the agent's flow aggregation reduces.
 */
public enum EspTraffic {
    /**
     * One packet each way, then a gap of 5 to 900 ms (sometimes a pause of seconds): a keyboard session
     * through the tunnel, about one packet per second per direction. The bundled samples use it.
     */
    INTERACTIVE("interactive"),
    /**
     * What a remote user's tunnel mostly carries: transactions (a request from the client, then a
     * burst of 2 to 60 full-size packets from the gateway at 40 to 150 Mbit/s, the client's ACK after
     * every second packet), separated by think times of 50 ms to 2 s, sometimes a pause of up to 20 s.
     * The default of a mix.
     */
    BULK("bulk");

    private final String cliName;

    EspTraffic(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<EspTraffic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.cliName.equals(name)).findFirst();
    }
}
