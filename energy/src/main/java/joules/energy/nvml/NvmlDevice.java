package joules.energy.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/** One GPU as NVML sees it: identity, power limit, energy counter, power, utilisation, memory. */
public final class NvmlDevice {
    private static final CStruct FV = NvmlStructs.FIELD_VALUE;

    private final Nvml nvml;
    private final NvmlLibrary lib;
    private final Pointer handle;
    private final Memory fieldValue = new Memory(FV.size());
    private final Memory utilization = new Memory(NvmlStructs.UTILIZATION.size());
    private final Memory memory = new Memory(NvmlStructs.MEMORY.size());
    private final String name;
    private final String uuid;
    private final int index;

    NvmlDevice(Nvml nvml, Pointer handle) throws NvmlException {
        this.nvml = nvml;
        this.lib = nvml.lib();
        this.handle = handle;
        byte[] b = new byte[NvmlConstants.DEVICE_NAME_V2_BUFFER_SIZE];
        nvml.check("nvmlDeviceGetName", lib.nvmlDeviceGetName(handle, b, b.length));
        this.name = Native.toString(b);
        b = new byte[NvmlConstants.DEVICE_UUID_V2_BUFFER_SIZE];
        nvml.check("nvmlDeviceGetUUID", lib.nvmlDeviceGetUUID(handle, b, b.length));
        this.uuid = Native.toString(b);
        IntByReference i = new IntByReference();
        this.index = nvml.optional(() -> lib.nvmlDeviceGetIndex(handle, i)) == NvmlConstants.SUCCESS ? i.getValue() : -1;
    }

    /** "NVIDIA H100 80GB HBM3". */
    public String name() {
        return name;
    }

    /** "GPU-8e6d5b1c-…", stable across reboots and independent of CUDA_VISIBLE_DEVICES. */
    public String uuid() {
        return uuid;
    }

    /** NVML's index (PCI bus order; CUDA's default order can differ: match by UUID). -1 if unknown. */
    public int index() {
        return index;
    }

    /** nvmlDeviceArchitecture_t (9 = Hopper), or -1 when the driver cannot say. */
    public int architecture() {
        IntByReference a = new IntByReference();
        return nvml.optional(() -> lib.nvmlDeviceGetArchitecture(handle, a)) == NvmlConstants.SUCCESS ? a.getValue() : -1;
    }

    /** The power limit the driver enforces, in watts. */
    public double powerLimitWatts() throws NvmlException {
        IntByReference mw = new IntByReference();
        nvml.check("nvmlDeviceGetEnforcedPowerLimit", lib.nvmlDeviceGetEnforcedPowerLimit(handle, mw));
        return Integer.toUnsignedLong(mw.getValue()) / 1000.0;
    }

    /** Energy since the driver loaded, millijoules (Volta and newer). */
    public long energyMillijoules() throws NvmlException {
        LongByReference mj = new LongByReference();
        nvml.check("nvmlDeviceGetTotalEnergyConsumption", lib.nvmlDeviceGetTotalEnergyConsumption(handle, mj));
        return mj.getValue();
    }

    /** nvmlDeviceGetPowerUsage in watts: a 1 s average on Ampere (except GA100) and newer. */
    public double powerUsageWatts() throws NvmlException {
        IntByReference mw = new IntByReference();
        nvml.check("nvmlDeviceGetPowerUsage", lib.nvmlDeviceGetPowerUsage(handle, mw));
        return Integer.toUnsignedLong(mw.getValue()) / 1000.0;
    }

    /** The GPU's power now, watts: field NVML_FI_DEV_POWER_INSTANT (milliwatts), scope GPU. */
    public double instantPowerWatts() throws NvmlException {
        return fieldValue(NvmlConstants.FI_DEV_POWER_INSTANT, NvmlConstants.POWER_SCOPE_GPU) / 1000.0;
    }

    /** One field through nvmlDeviceGetFieldValues, read by its valueType; the value's own nvmlReturn is checked. */
    public synchronized double fieldValue(int fieldId, int scopeId) throws NvmlException {
        fieldValue.clear();
        fieldValue.setInt(FV.offset("fieldId"), fieldId);
        fieldValue.setInt(FV.offset("scopeId"), scopeId);
        nvml.check("nvmlDeviceGetFieldValues", nvml.optional(() -> lib.nvmlDeviceGetFieldValues(handle, 1, fieldValue)));
        int rc = fieldValue.getInt(FV.offset("nvmlReturn"));
        nvml.check("nvmlDeviceGetFieldValues[field " + fieldId + "]", rc);
        return decodeValue(fieldValue, FV.offset("value"), fieldValue.getInt(FV.offset("valueType")));
    }

    /** Reads an nvmlValue_t union at {@code offset} as its nvmlValueType_t says. */
    static double decodeValue(Pointer p, int offset, int valueType) {
        return switch (valueType) {
            case NvmlConstants.VALUE_TYPE_DOUBLE -> p.getDouble(offset);
            case NvmlConstants.VALUE_TYPE_UNSIGNED_INT -> Integer.toUnsignedLong(p.getInt(offset));
            case NvmlConstants.VALUE_TYPE_SIGNED_INT -> p.getInt(offset);
            case NvmlConstants.VALUE_TYPE_UNSIGNED_LONG, NvmlConstants.VALUE_TYPE_UNSIGNED_LONG_LONG ->
                    unsignedToDouble(p.getLong(offset));
            case NvmlConstants.VALUE_TYPE_SIGNED_LONG_LONG -> p.getLong(offset);
            case NvmlConstants.VALUE_TYPE_UNSIGNED_SHORT -> p.getShort(offset) & 0xffff;
            default -> Double.NaN;
        };
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    /** {gpu, memory} utilisation over the driver's last sample period (1/6 s to 1 s), percent. */
    public synchronized int[] utilizationPercent() throws NvmlException {
        nvml.check("nvmlDeviceGetUtilizationRates", lib.nvmlDeviceGetUtilizationRates(handle, utilization));
        return new int[] {utilization.getInt(NvmlStructs.UTILIZATION.offset("gpu")),
                utilization.getInt(NvmlStructs.UTILIZATION.offset("memory"))};
    }

    /** {total, used} device memory in bytes (nvmlMemory_t v1: used includes the driver's reservation). */
    public synchronized long[] memoryBytes() throws NvmlException {
        nvml.check("nvmlDeviceGetMemoryInfo", lib.nvmlDeviceGetMemoryInfo(handle, memory));
        return new long[] {memory.getLong(NvmlStructs.MEMORY.offset("total")), memory.getLong(NvmlStructs.MEMORY.offset("used"))};
    }
}
