package joules.energy.nvml;

/** The nvml.h constants joules uses (values checked against nvml.h of NVML API version 13, driver 580). */
public final class NvmlConstants {
    private NvmlConstants() {
    }

    // nvmlReturn_t
    public static final int SUCCESS = 0;
    public static final int ERROR_UNINITIALIZED = 1;
    public static final int ERROR_INVALID_ARGUMENT = 2;
    public static final int ERROR_NOT_SUPPORTED = 3;
    public static final int ERROR_NO_PERMISSION = 4;
    public static final int ERROR_NOT_FOUND = 6;
    public static final int ERROR_INSUFFICIENT_SIZE = 7;
    public static final int ERROR_DRIVER_NOT_LOADED = 9;
    public static final int ERROR_LIBRARY_NOT_FOUND = 12;
    public static final int ERROR_FUNCTION_NOT_FOUND = 13;
    public static final int ERROR_GPU_IS_LOST = 15;
    public static final int ERROR_LIB_RM_VERSION_MISMATCH = 18;
    public static final int ERROR_UNKNOWN = 999;

    // nvmlFieldValue_t field ids (#define NVML_FI_DEV_...)
    /** GPU power averaged over 1 s, milliwatts (Ampere except GA100, and newer). */
    public static final int FI_DEV_POWER_AVERAGE = 185;
    /** GPU power now, milliwatts ("supported on all architectures", drivers that know the field). */
    public static final int FI_DEV_POWER_INSTANT = 186;
    /** scopeId for the power fields: 0 = the GPU alone (1 = the module, e.g. Grace + GPU). */
    public static final int POWER_SCOPE_GPU = 0;

    // nvmlValueType_t
    public static final int VALUE_TYPE_DOUBLE = 0;
    public static final int VALUE_TYPE_UNSIGNED_INT = 1;
    public static final int VALUE_TYPE_UNSIGNED_LONG = 2;
    public static final int VALUE_TYPE_UNSIGNED_LONG_LONG = 3;
    public static final int VALUE_TYPE_SIGNED_LONG_LONG = 4;
    public static final int VALUE_TYPE_SIGNED_INT = 5;
    public static final int VALUE_TYPE_UNSIGNED_SHORT = 6;

    // nvmlDeviceArchitecture_t
    public static final int ARCH_KEPLER = 2;
    public static final int ARCH_MAXWELL = 3;
    public static final int ARCH_PASCAL = 4;
    public static final int ARCH_VOLTA = 5;
    public static final int ARCH_TURING = 6;
    public static final int ARCH_AMPERE = 7;
    public static final int ARCH_ADA = 8;
    public static final int ARCH_HOPPER = 9;
    public static final int ARCH_BLACKWELL = 10;

    // buffer sizes (#define NVML_..._BUFFER_SIZE)
    public static final int DEVICE_NAME_V2_BUFFER_SIZE = 96;
    public static final int DEVICE_UUID_V2_BUFFER_SIZE = 96;
    public static final int SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
    public static final int SYSTEM_NVML_VERSION_BUFFER_SIZE = 80;

    /** "Hopper", "Volta", … or "architecture N". */
    public static String architectureName(int arch) {
        return switch (arch) {
            case ARCH_KEPLER -> "Kepler";
            case ARCH_MAXWELL -> "Maxwell";
            case ARCH_PASCAL -> "Pascal";
            case ARCH_VOLTA -> "Volta";
            case ARCH_TURING -> "Turing";
            case ARCH_AMPERE -> "Ampere";
            case ARCH_ADA -> "Ada";
            case ARCH_HOPPER -> "Hopper";
            case ARCH_BLACKWELL -> "Blackwell";
            default -> "architecture " + arch;
        };
    }
}
