package joules.energy.nvml;

import static joules.energy.nvml.CStruct.Field.i64;
import static joules.energy.nvml.CStruct.Field.u32;

import java.util.List;

/** The nvml.h structs joules passes to NVML, field by field in the header's order. */
public final class NvmlStructs {
    private NvmlStructs() {
    }

    /**
     * <pre>
     * typedef struct nvmlFieldValue_st {
     *     unsigned int fieldId;       // set before the call
     *     unsigned int scopeId;       // set before the call (0 = GPU for the power fields)
     *     long long timestamp;        // CPU time of the value, microseconds since 1970
     *     long long latencyUsec;
     *     nvmlValueType_t valueType;  // enum: how to read value
     *     nvmlReturn_t nvmlReturn;    // enum: value is valid only if NVML_SUCCESS
     *     nvmlValue_t value;          // union of double, (unsigned) int, unsigned long, (unsigned) long long, unsigned short
     * } nvmlFieldValue_t;             // 40 bytes
     * </pre>
     */
    public static final CStruct FIELD_VALUE = new CStruct("nvmlFieldValue_t", List.of(
            u32("fieldId"), u32("scopeId"), i64("timestamp"), i64("latencyUsec"),
            u32("valueType"), u32("nvmlReturn"), new CStruct.Field("value", 8, 8)));

    /** typedef struct nvmlUtilization_st { unsigned int gpu; unsigned int memory; } nvmlUtilization_t; (percent) */
    public static final CStruct UTILIZATION = new CStruct("nvmlUtilization_t", List.of(u32("gpu"), u32("memory")));

    /** typedef struct nvmlMemory_st { unsigned long long total, free, used; } nvmlMemory_t; (bytes) */
    public static final CStruct MEMORY = new CStruct("nvmlMemory_t", List.of(i64("total"), i64("free"), i64("used")));
}
