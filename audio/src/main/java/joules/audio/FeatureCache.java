package joules.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A feature set and the clips skipped while making it, in one little-endian binary file:
 * <pre>
 *   "JOULESFC"  int32 version  byte[32] key (SHA-256 of the inputs and parameters)
 *   int32 clips  int32 mels  int32 frames  int32 classes  int32 skipped
 *   int64 CRC-32C of everything after the header                                            (72 bytes)
 *   float32 features[clips x mels x frames]   float32 labels[clips x classes]
 *   clips x (int32 length, UTF-8 name)   skipped x (name, reason as above)
 * </pre>
 * Reading maps the file ({@link FileChannel#map}), checks the checksum and copies the floats out: a 52 MB set
 * loads in well under a second. A file whose key differs from the expected one (a changed input or parameter)
 * reads as absent; a damaged one (a checksum that does not match, a file cut short) is a {@link Damaged}, so that
 * the loader says so and computes the features again. Writing goes to a temporary file that is then moved over
 * the old one, so a reader never sees half a file.
 */
public final class FeatureCache {
    private static final byte[] MAGIC = "JOULESFC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = 72;
    private static final int CHECKSUM_AT = 64;

    /** What a cache file holds. */
    public record Contents(FeatureSet features, List<DesedLoader.Skipped> skipped) {}

    /** A cache file of this key whose contents are damaged: to be computed again and overwritten. */
    public static final class Damaged extends IOException {
        Damaged(Path file, String what) { super(file + " is damaged (" + what + ")"); }
    }

    private FeatureCache() {}

    /**
     * The file's contents when it exists and was made with this key, else null.
     *
     * @throws Damaged when it was made with this key but its bytes are not what was written
     */
    public static Contents read(Path file, byte[] key) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES) return null;
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            byte[] storedKey = new byte[32];
            map.get(magic).getInt(); // version is part of the key
            map.get(storedKey);
            if (!Arrays.equals(magic, MAGIC) || !Arrays.equals(storedKey, key)) return null;
            int clips = map.getInt(), mels = map.getInt(), frames = map.getInt(), classes = map.getInt(), skipped = map.getInt();
            long checksum = map.getLong(CHECKSUM_AT);
            CRC32C crc = new CRC32C();
            crc.update(map.slice(HEADER_BYTES, (int) (size - HEADER_BYTES)));
            if (crc.getValue() != checksum) throw new Damaged(file, "its checksum does not match its contents");
            long floats = (long) clips * mels * frames + (long) clips * classes;
            if (clips < 0 || skipped < 0 || mels != FeatureSet.MELS || frames != FeatureSet.FRAMES || classes != FeatureSet.CLASSES
                    || HEADER_BYTES + 4 * floats > size) {
                throw new Damaged(file, "its header does not fit its size");
            }
            map.position(HEADER_BYTES);
            float[] features = new float[clips * mels * frames];
            float[] labels = new float[clips * classes];
            map.asFloatBuffer().get(features).get(labels);
            map.position((int) (HEADER_BYTES + 4 * floats));
            String[] names = new String[clips];
            for (int i = 0; i < clips; i++) names[i] = string(map);
            List<DesedLoader.Skipped> skips = new ArrayList<>();
            for (int i = 0; i < skipped; i++) skips.add(new DesedLoader.Skipped(string(map), string(map)));
            return new Contents(new FeatureSet(features, labels, names), skips);
        } catch (NoSuchFileException e) {
            return null;
        } catch (RuntimeException e) { // BufferUnderflowException and friends: a damaged file
            throw new Damaged(file, "it ends before its contents do");
        }
    }

    public static void write(Path file, byte[] key, FeatureSet set, List<DesedLoader.Skipped> skipped) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C crc = new CRC32C();
                channel.position(HEADER_BYTES);                     // the header, with the checksum, goes last
                writeFloats(channel, set.features(), crc);
                writeFloats(channel, set.labels(), crc);
                ByteBuffer strings = ByteBuffer.allocate(stringBytes(set, skipped)).order(ByteOrder.LITTLE_ENDIAN);
                for (String name : set.names()) putString(strings, name);
                for (DesedLoader.Skipped s : skipped) putString(putString(strings, s.name()), s.reason());
                writeFully(channel, strings.flip(), crc);
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                header.put(MAGIC).putInt(VERSION).put(key);
                header.putInt(set.size()).putInt(FeatureSet.MELS).putInt(FeatureSet.FRAMES).putInt(FeatureSet.CLASSES).putInt(skipped.size());
                header.putLong(CHECKSUM_AT, crc.getValue());
                channel.position(0);
                writeFully(channel, header.clear(), null);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The version of this format, part of every cache key. */
    static int version() {
        return VERSION;
    }

    private static void writeFloats(FileChannel channel, float[] values, CRC32C crc) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < values.length; ) {
            int n = Math.min(values.length - at, b.capacity() / 4);
            b.clear();
            b.asFloatBuffer().put(values, at, n);
            b.limit(4 * n);
            writeFully(channel, b, crc);
            at += n;
        }
    }

    /** Writes all of {@code b}, adding it to the checksum (null: the header, which is not summed). */
    private static void writeFully(FileChannel channel, ByteBuffer b, CRC32C crc) throws IOException {
        if (crc != null) crc.update(b.duplicate());
        while (b.hasRemaining()) channel.write(b);
    }

    private static int stringBytes(FeatureSet set, List<DesedLoader.Skipped> skipped) {
        int bytes = 0;
        for (String name : set.names()) bytes += 4 + name.getBytes(StandardCharsets.UTF_8).length;
        for (DesedLoader.Skipped s : skipped) bytes += 8 + s.name().getBytes(StandardCharsets.UTF_8).length + s.reason().getBytes(StandardCharsets.UTF_8).length;
        return bytes;
    }

    private static ByteBuffer putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return b.putInt(bytes.length).put(bytes);
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
