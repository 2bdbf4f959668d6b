package joules.energy.nvml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a C struct on 64-bit Linux (x86-64 and aarch64 System V ABI), computed from its fields
 * in declaration order: each field starts at the next multiple of its alignment, and the struct's size
 * is rounded up to a multiple of its largest alignment. Enums are 4-byte ints; a union is one field
 * with its largest member's size and alignment.
 */
public final class CStruct {

    /** A field: its name, size and alignment in bytes. */
    public record Field(String name, int size, int alignment) {
        public static Field u32(String name) {
            return new Field(name, 4, 4);
        }

        public static Field i64(String name) {
            return new Field(name, 8, 8);
        }
    }

    private final String name;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int size;

    public CStruct(String name, List<Field> fields) {
        this.name = name;
        int offset = 0;
        int maxAlignment = 1;
        for (Field f : fields) {
            offset = roundUp(offset, f.alignment());
            offsets.put(f.name(), offset);
            offset += f.size();
            maxAlignment = Math.max(maxAlignment, f.alignment());
        }
        this.size = roundUp(offset, maxAlignment);
    }

    public String name() {
        return name;
    }

    /** sizeof(struct). */
    public int size() {
        return size;
    }

    /** offsetof(struct, field). */
    public int offset(String field) {
        Integer o = offsets.get(field);
        if (o == null) throw new IllegalArgumentException(name + " has no field '" + field + "'");
        return o;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
