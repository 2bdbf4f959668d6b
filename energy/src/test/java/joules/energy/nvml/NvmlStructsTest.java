package joules.energy.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Memory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Struct layouts against the sizes of nvml.h's structs on 64-bit Linux. */
class NvmlStructsTest {

    @Test
    void fieldValueIs40BytesWithTheHeadersOffsets() {
        // nvml.h: 2 x unsigned int, 2 x long long, 2 x enum, union nvmlValue_t (8 bytes, 8-aligned);
        // go-nvml's cgo-generated FieldValue struct has the same fields: uint32 x2, int64 x2, uint32 x2, [8]byte
        CStruct fv = NvmlStructs.FIELD_VALUE;
        assertEquals(40, fv.size());
        assertEquals(0, fv.offset("fieldId"));
        assertEquals(4, fv.offset("scopeId"));
        assertEquals(8, fv.offset("timestamp"));
        assertEquals(16, fv.offset("latencyUsec"));
        assertEquals(24, fv.offset("valueType"));
        assertEquals(28, fv.offset("nvmlReturn"));
        assertEquals(32, fv.offset("value"));
    }

    @Test
    void utilizationAndMemoryStructs() {
        assertEquals(8, NvmlStructs.UTILIZATION.size());
        assertEquals(4, NvmlStructs.UTILIZATION.offset("memory"));
        assertEquals(24, NvmlStructs.MEMORY.size());
        assertEquals(16, NvmlStructs.MEMORY.offset("used"));
    }

    @Test
    void cStructPadsLikeTheCompiler() {
        // struct { char c; double d; short s; } is 24 bytes: c at 0, d at 8, s at 16, size rounded to 8
        CStruct s = new CStruct("t", List.of(new CStruct.Field("c", 1, 1), new CStruct.Field("d", 8, 8), new CStruct.Field("s", 2, 2)));
        assertEquals(8, s.offset("d"));
        assertEquals(16, s.offset("s"));
        assertEquals(24, s.size());
        assertThrows(IllegalArgumentException.class, () -> s.offset("x"));
    }

    @Test
    void valueUnionIsReadByItsType() {
        Memory m = new Memory(8);
        m.setInt(0, 0xFFFFFFFF);
        assertEquals(4294967295.0, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_UNSIGNED_INT));
        assertEquals(-1.0, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_SIGNED_INT));
        m.setLong(0, -1L);
        assertEquals(18446744073709551615.0, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_UNSIGNED_LONG_LONG));
        assertEquals(-1.0, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_SIGNED_LONG_LONG));
        m.setDouble(0, 312.5);
        assertEquals(312.5, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_DOUBLE));
        m.setShort(0, (short) 0xFFFF);
        assertEquals(65535.0, NvmlDevice.decodeValue(m, 0, NvmlConstants.VALUE_TYPE_UNSIGNED_SHORT));
        assertEquals(Double.NaN, NvmlDevice.decodeValue(m, 0, 99));
    }

    @Test
    void constantsMatchTheHeader() {
        assertEquals(186, NvmlConstants.FI_DEV_POWER_INSTANT);
        assertEquals(185, NvmlConstants.FI_DEV_POWER_AVERAGE);
        assertEquals(18, NvmlConstants.ERROR_LIB_RM_VERSION_MISMATCH);
        assertEquals(9, NvmlConstants.ARCH_HOPPER);
        assertEquals("Hopper", NvmlConstants.architectureName(9));
    }
}
