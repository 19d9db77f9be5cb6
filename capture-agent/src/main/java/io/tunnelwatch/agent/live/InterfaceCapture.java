package io.tunnelwatch.agent.live;

import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.metrics.CaptureLoss;
import io.tunnelwatch.agent.publish.SummaryPipeline;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interface's capture loop: {@code pcap_loop} hands raw frames (no pcap4j packet objects, which
 * cost far more than our decoder) to the interface's {@link SummaryPipeline}. The pipeline is locked
 * per frame because the timer thread also advances its clock; the lock is uncontended otherwise.
 */
final class InterfaceCapture implements RawPacketListener, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceCapture.class);

    private final String iface;
    private final int source;
    private final PcapHandle handle;
    private final int linkType;
    private final SummaryPipeline pipeline;
    private final PacketView view = new PacketView();
    private volatile CaptureLoss lastLoss;
    private volatile Throwable failure;
    private volatile boolean finished;

    InterfaceCapture(String iface, int source, PcapHandle handle, SummaryPipeline pipeline) {
        this.iface = iface;
        this.source = source;
        this.handle = handle;
        this.linkType = handle.getDlt().value();
        this.pipeline = pipeline;
        this.lastLoss = new CaptureLoss(iface, 0, 0, 0);
    }

    @Override
    public void gotPacket(byte[] frame) {
        // pcap4j sets these thread-locals for the frame it is delivering, on this same thread.
        Timestamp ts = handle.getTimestamp();
        long micros = Math.floorDiv(ts.getTime(), 1_000L) * 1_000_000L + ts.getNanos() / 1_000;
        Integer originalLength = handle.getOriginalLength();
        view.set(ByteBuffer.wrap(frame), 0, frame.length, originalLength == null ? frame.length : originalLength,
                linkType, source, micros);
        try {
            synchronized (pipeline) {
                pipeline.onFrame(view, source);
            }
        } catch (RuntimeException e) {
            // A bug must not stop the capture; it is logged (pcap4j would swallow it anyway).
            LOG.error("internal error on a frame from {}: {}", iface, e.toString(), e);
        }
    }

    @Override
    public void run() {
        try {
            handle.loop(-1, this);
        } catch (InterruptedException broken) {
            // breakLoop(): the normal way to stop. Frames already in the capture buffer were captured
            // before the stop and are still handled, so a stop loses nothing that was seen.
            drainBuffered();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            failure = e;
            LOG.error("capture on {} stopped: {}", iface, e.getMessage());
        } finally {
            finished = true;
        }
    }

    private void drainBuffered() {
        try {
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            int handled;
            do {
                handled = handle.dispatch(-1, this);
            } while (handled > 0);
        } catch (PcapNativeException | NotOpenException | InterruptedException e) {
            LOG.warn("could not drain the capture buffer of {} at stop: {}", iface, e.getMessage());
        }
    }

    /** Reads libpcap's counters (from the timer thread only: on Linux each read folds the kernel's counters in). */
    CaptureLoss refreshLoss() {
        if (!finished && handle.isOpen()) {
            try {
                PcapStat stat = handle.getStats();
                lastLoss = new CaptureLoss(iface, stat.getNumPacketsReceived(), stat.getNumPacketsDropped(),
                        stat.getNumPacketsDroppedByIf());
            } catch (PcapNativeException | NotOpenException e) {
                LOG.debug("pcap_stats on {} failed: {}", iface, e.getMessage());
            }
        }
        return lastLoss;
    }

    CaptureLoss lastLoss() {
        return lastLoss;
    }

    void breakLoop() {
        try {
            handle.breakLoop();
        } catch (NotOpenException alreadyClosed) {
            // nothing to stop
        }
    }

    void close() {
        handle.close();
    }

    String iface() {
        return iface;
    }

    SummaryPipeline pipeline() {
        return pipeline;
    }

    boolean failed() {
        return failure != null;
    }

    boolean finished() {
        return finished;
    }
}
