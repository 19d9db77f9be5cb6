package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.packet.WireWriter;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** DNS query and answer (RFC 1035) for one A record: the background noise every client sends. */
final class DnsMessages {
    static final int PORT = 53;

    private DnsMessages() {
    }

    static byte[] query(int id, String name) {
        WireWriter out = new WireWriter()
            .u16(id)          // transaction id
            .u16(0x0100)      // flags: standard query, recursion desired
            .u16(1)           // questions
            .u16(0)           // answers
            .u16(0)           // authority records
            .u16(0);          // additional records
        question(out, name);
        return out.toByteArray();
    }

    static byte[] answer(int id, String name, InetAddress address) {
        WireWriter out = new WireWriter()
            .u16(id)          // transaction id, echoed
            .u16(0x8180)      // flags: response, recursion desired and available, no error
            .u16(1)           // questions
            .u16(1)           // answers
            .u16(0)
            .u16(0);
        question(out, name);
        out.u16(0xC00C)       // name: pointer to the question's name at offset 12
            .u16(1)           // type A
            .u16(1)           // class IN
            .u32(300)         // TTL seconds
            .u16(4)           // RDATA length
            .bytes(address.getAddress());
        return out.toByteArray();
    }

    private static void question(WireWriter out, String name) {
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.u8(bytes.length).bytes(bytes);
        }
        out.u8(0)             // root label ends the name
            .u16(1)           // type A
            .u16(1);          // class IN
    }
}
