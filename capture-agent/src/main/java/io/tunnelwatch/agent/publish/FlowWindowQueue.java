package io.tunnelwatch.agent.publish;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * The aggregator's flows ordered by the end of their current window, then by when they were opened: a
 * binary min-heap. The aggregator asks for the head on every packet, so it must be O(1) there (a
 * {@code TreeSet} walks its left spine on every {@code first()}); entries change their key only while out
 * of the queue (polled, re-armed, offered back), so no removal from the middle is needed.
 *
 * <p>The order (window end, then opening order) is total, so the heap hands flows out in exactly the order
 * a sorted set would.
 */
final class FlowWindowQueue<K> {
    private static final int INITIAL_CAPACITY = 64;
    private static final Comparator<FlowWindow<?>> WINDOW_ORDER = FlowWindowQueue::compare;

    @SuppressWarnings("unchecked")
    private FlowWindow<K>[] heap = new FlowWindow[INITIAL_CAPACITY];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The flow whose window closes first; null when empty. */
    FlowWindow<K> peek() {
        return size == 0 ? null : heap[0];
    }

    void offer(FlowWindow<K> flow) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, flow);
    }

    /** Removes and returns the flow whose window closes first; null when empty. */
    FlowWindow<K> poll() {
        if (size == 0) {
            return null;
        }
        FlowWindow<K> head = heap[0];
        FlowWindow<K> last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        return head;
    }

    /** Visits every flow in queue order (a sorted copy: for flushing, not for the hot path). */
    void forEachInOrder(Consumer<FlowWindow<K>> action) {
        FlowWindow<K>[] sorted = Arrays.copyOf(heap, size);
        Arrays.sort(sorted, WINDOW_ORDER);
        for (FlowWindow<K> flow : sorted) {
            action.accept(flow);
        }
    }

    void clear() {
        Arrays.fill(heap, 0, size, null);
        size = 0;
    }

    private void siftUp(int index, FlowWindow<K> flow) {
        int at = index;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (compare(flow, heap[parent]) >= 0) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = flow;
    }

    private void siftDown(int index, FlowWindow<K> flow) {
        int at = index;
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < size && compare(heap[right], heap[child]) < 0) {
                child = right;
            }
            if (compare(flow, heap[child]) <= 0) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = flow;
    }

    private static int compare(FlowWindow<?> a, FlowWindow<?> b) {
        int byEnd = Long.compare(a.windowEnd, b.windowEnd);
        return byEnd != 0 ? byEnd : Long.compare(a.order, b.order);
    }
}
