package joules.layers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import joules.tensor.Tensor;

/**
 * Named float32 tensors in one little-endian file: the golden fixtures that scripts/golden/make_golden.py
 * writes from PyTorch, and model weights by PyTorch name ({@link Model#load}).
 * <pre>
 *   "JGLD", int32 version (1), int32 count, then count times:
 *   int32 name length, name (UTF-8), int32 rank, int32 dims[rank], float32 values[prod(dims)] (row-major)
 * </pre>
 */
public final class TensorFile {
    private static final byte[] MAGIC = {'J', 'G', 'L', 'D'};
    private static final int VERSION = 1;

    private TensorFile() {}

    /** One tensor: its shape and its values, row-major. */
    public record Entry(int[] shape, float[] values) {
        public Entry {
            long n = Tensor.numel(shape);
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values.length);
            }
        }
    }

    /** Reads every tensor, in file order; {@code where} names the source in error messages. */
    public static Map<String, Entry> read(InputStream in, String where) throws IOException {
        DataInputStream d = new DataInputStream(new BufferedInputStream(in));
        byte[] magic = new byte[4];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException(where + ": not a tensor file (no JGLD header)");
        int version = readInt(d);
        if (version != VERSION) throw new IOException(where + ": tensor file version " + version + ", expected " + VERSION);
        int count = readInt(d);
        Map<String, Entry> out = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[readInt(d)];
                d.readFully(name);
                int[] shape = new int[readInt(d)];
                for (int k = 0; k < shape.length; k++) shape[k] = readInt(d);
                long n = Tensor.numel(shape);
                byte[] raw = new byte[Math.toIntExact(4 * n)];
                d.readFully(raw);
                float[] values = new float[(int) n];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                out.put(new String(name, StandardCharsets.UTF_8), new Entry(shape, values));
            }
        } catch (EOFException e) {
            throw new IOException(where + ": truncated after " + out.size() + " of " + count + " tensors", e);
        }
        return out;
    }

    public static Map<String, Entry> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static void write(Path file, Map<String, Entry> tensors) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(MAGIC);
            out.write(le(VERSION));
            out.write(le(tensors.size()));
            for (Map.Entry<String, Entry> e : tensors.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.write(le(name.length));
                out.write(name);
                int[] shape = e.getValue().shape();
                out.write(le(shape.length));
                for (int dim : shape) out.write(le(dim));
                float[] v = e.getValue().values();
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
        }
    }

    private static int readInt(DataInputStream d) throws IOException {
        return Integer.reverseBytes(d.readInt());
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
