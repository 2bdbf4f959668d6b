package joules.energy.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML functions joules calls, declared as in nvml.h (NVML API version 13, driver 580; all present
 * since driver 418 unless noted). Every function returns an nvmlReturn_t (0 = NVML_SUCCESS, see
 * {@link NvmlConstants}). nvmlDevice_t is an opaque pointer. Versioned names (_v2) are the ones the
 * header's unversioned macros expand to.
 *
 * <p>C types: unsigned int = {@code int} (read as unsigned), unsigned long long = {@code long},
 * char* out-buffers = {@code byte[]} plus its length.
 */
public interface NvmlLibrary extends Library {

    /** nvmlReturn_t nvmlInit_v2(void) */
    int nvmlInit_v2();

    /** nvmlReturn_t nvmlShutdown(void) */
    int nvmlShutdown();

    /** const char* nvmlErrorString(nvmlReturn_t result) */
    String nvmlErrorString(int result);

    /** nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) */
    int nvmlSystemGetDriverVersion(byte[] version, int length);

    /** nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) */
    int nvmlSystemGetNVMLVersion(byte[] version, int length);

    /** nvmlReturn_t nvmlSystemGetCudaDriverVersion(int *cudaDriverVersion): 13000 for CUDA 13.0 */
    int nvmlSystemGetCudaDriverVersion(IntByReference cudaDriverVersion);

    /** nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) */
    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    /** nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) */
    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    /** nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device) */
    int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

    /** nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) */
    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    /** nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) */
    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    /** nvmlReturn_t nvmlDeviceGetIndex(nvmlDevice_t device, unsigned int *index) */
    int nvmlDeviceGetIndex(Pointer device, IntByReference index);

    /** nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t device, nvmlDeviceArchitecture_t *arch) (driver 470+) */
    int nvmlDeviceGetArchitecture(Pointer device, IntByReference arch);

    /** nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit): milliwatts */
    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limitMilliwatts);

    /**
     * nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power): milliwatts.
     * On Ampere (except GA100) and newer the driver returns a 1 s average, on older cards the power now.
     */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference powerMilliwatts);

    /**
     * nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy):
     * millijoules since the driver was loaded; Volta and newer (NVML_ERROR_NOT_SUPPORTED before).
     */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energyMillijoules);

    /**
     * nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t *values).
     * Each value's fieldId (and scopeId) is set before the call; each value's nvmlReturn says whether
     * its value is valid. Layout of nvmlFieldValue_t: {@link NvmlStructs#FIELD_VALUE}.
     */
    int nvmlDeviceGetFieldValues(Pointer device, int valuesCount, Pointer values);

    /** nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) */
    int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

    /** nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) (v1 struct) */
    int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);
}
