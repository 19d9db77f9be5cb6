package io.tunnelwatch.synth.ike;

import io.tunnelwatch.synth.packet.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * An ISAKMP message: the header and a chain of payloads. Each payload's generic header (RFC 2408 section 3.2,
 * RFC 7296 section 3.2) carries the type of the payload after it, so the chain is linked when encoded, and the
 * header's length is the whole message. Works for IKEv1 and IKEv2 alike.
 */
public final class IsakmpMessage {
    private final IsakmpHeader header;
    private final List<Payload> payloads = new ArrayList<>();

    /** One payload: its type number and its body after the 4-byte generic header. */
    private record Payload(int type, byte[] body, boolean rawNextPayload, int explicitNextPayload) {
    }

    public IsakmpMessage(IsakmpHeader header) {
        this.header = header;
    }

    public IsakmpMessage payload(int type, byte[] body) {
        payloads.add(new Payload(type, body, false, 0));
        return this;
    }

    /**
     * An IKEv2 SK payload (type 46): its generic header's next-payload field names the first payload inside the
     * ciphertext (RFC 7296 section 3.14), not the payload after it; it is always last.
     */
    public IsakmpMessage encryptedPayload(int type, int firstInnerPayload, byte[] body) {
        payloads.add(new Payload(type, body, true, firstInnerPayload));
        return this;
    }

    public byte[] encode() {
        WireWriter out = writeHeader(payloads.isEmpty() ? 0 : payloads.get(0).type());
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            int next = payload.rawNextPayload() ? payload.explicitNextPayload()
                : (i + 1 < payloads.size() ? payloads.get(i + 1).type() : 0);
            out.u8(next)                              // next payload type, 0 = last
                .u8(0)                                // reserved (IKEv2: critical bit clear)
                .u16(4 + payload.body().length)       // payload length, generic header included
                .bytes(payload.body());
        }
        out.setU32(24, out.size());
        return out.toByteArray();
    }

    /**
     * An IKEv1 message whose body is encrypted (E flag): the header's next payload names the first encrypted
     * payload, and everything after the header is ciphertext that no reader can walk.
     */
    public static byte[] encryptedV1(IsakmpHeader header, int firstInnerPayload, byte[] ciphertext) {
        WireWriter out = new IsakmpMessage(header).writeHeader(firstInnerPayload).bytes(ciphertext);
        out.setU32(24, out.size());
        return out.toByteArray();
    }

    private WireWriter writeHeader(int nextPayload) {
        return new WireWriter(256)
            .u64(header.initiatorSpi())     // initiator cookie / SPI
            .u64(header.responderSpi())     // responder cookie / SPI
            .u8(nextPayload)                // first payload's type
            .u8(header.version())           // major/minor version
            .u8(header.exchangeType())      // exchange type
            .u8(header.flags())             // flags
            .u32(header.messageId())        // message id
            .u32(0);                        // total length, patched when the body is known
    }
}
