package org.ecdkit.inference;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The memory a run holds at its peak, part by part, worked out before the first tile is read so that
 * a run that cannot fit is shrunk or refused up front instead of dying with an OutOfMemoryError an
 * hour in. Batch tensors live in direct memory (the runtime reads them in place), everything else on
 * the heap; the JVM limits the two separately. The runtime's own native memory (ONNX Runtime's arena,
 * TensorFlow's allocator) is outside both and is not counted here.
 *
 * @param heap   parts held on the heap
 * @param direct parts held in direct buffers
 */
public record MemoryBudget(List<Part> heap, List<Part> direct) {

    /** Heap kept free for everything a run does not account for: the JVM's own objects, parsing, strings. */
    static final long HEAP_RESERVE = 24L << 20;

    /**
     * One part of a run's memory.
     *
     * @param what  what it is, for messages ("4 input batches of 4 x 4 x 512 x 512 floats")
     * @param bytes how many bytes it holds at most
     */
    public record Part(String what, long bytes) {
        public Part {
            if (bytes < 0) {
                throw new IllegalArgumentException("a negative size for " + what);
            }
        }
    }

    public MemoryBudget {
        heap = List.copyOf(heap);
        direct = List.copyOf(direct);
    }

    public long heapBytes() {
        return heap.stream().mapToLong(Part::bytes).reduce(0, MemoryBudget::saturatedAdd);
    }

    public long directBytes() {
        return direct.stream().mapToLong(Part::bytes).reduce(0, MemoryBudget::saturatedAdd);
    }

    /** Whether this budget fits a JVM that may use {@code heapLimit} bytes of heap and {@code directLimit} of direct memory. */
    public boolean fits(long heapLimit, long directLimit) {
        return heapBytes() <= heapLimit && directBytes() <= directLimit;
    }

    /** "512 MiB of heap (blend buffer 3,300 MiB, ...)", the largest parts first, for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        heap.stream().sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).filter(p -> p.bytes() > 0)
                .forEach(p -> parts.add(p.what() + " " + mebibytes(p.bytes())));
        String heapText = mebibytes(heapBytes()) + " of heap (" + String.join(", ", parts) + ")";
        String directText = mebibytes(directBytes()) + " of direct memory ("
                + direct.stream().map(p -> p.what() + " " + mebibytes(p.bytes())).collect(Collectors.joining(", ")) + ")";
        return heapText + " and " + directText;
    }

    /** The heap a run may plan to use in this JVM: its maximum, less a reserve. */
    public static long heapLimit() {
        long max = Runtime.getRuntime().maxMemory();
        return Math.max(0, max - Math.max(HEAP_RESERVE, max / 16));
    }

    /**
     * The direct memory this JVM allows: {@code -XX:MaxDirectMemorySize} when set, else the same as
     * the heap's maximum (the JVM's default).
     */
    public static long directLimit() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(diagnostics.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (RuntimeException | LinkageError e) {
            // Not a HotSpot JVM, or the option is unknown: the default below is the JVM's own.
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", (bytes + (1 << 20) - 1) >> 20);
    }

    /** {@code a * b * ...} in bytes, saturating instead of overflowing (a hostile shape must not wrap to a small number). */
    static long product(long... factors) {
        long result = 1;
        for (long factor : factors) {
            if (factor <= 0) {
                return 0;
            }
            if (result > Long.MAX_VALUE / factor) {
                return Long.MAX_VALUE;
            }
            result *= factor;
        }
        return result;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
