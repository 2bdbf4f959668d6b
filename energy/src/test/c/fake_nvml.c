/*
 * A stand-in for libnvidia-ml.so.1 with one GPU, for testing joules' JNA binding without a GPU.
 * Declarations follow nvml.h (NVML API version 13): the same function names, argument types and struct
 * layouts, so the C compiler lays out nvmlFieldValue_t here exactly as NVIDIA's header does, and a wrong
 * offset on the Java side reads garbage and fails the test.
 *
 * The GPU draws a constant FAKE_MW milliwatts; its energy counter is FAKE_MW x (time since nvmlInit).
 * Build variants: -DNO_COUNTER (a pre-Volta card), -DNO_INSTANT (a driver without the instant power field).
 * Built by FakeNvml.java: cc -shared -fPIC -o libnvidia-ml.so.1 fake_nvml.c
 */
#include <string.h>
#include <time.h>

#define FAKE_MW 250000u
#define FIELD_POWER_INSTANT 186

typedef int nvmlReturn_t;         /* enum: 0 success, 2 invalid argument, 3 not supported, 6 not found */
typedef struct nvmlDevice_st *nvmlDevice_t;

typedef union nvmlValue_st {
    double dVal;
    int siVal;
    unsigned int uiVal;
    unsigned long ulVal;
    unsigned long long ullVal;
    signed long long sllVal;
    unsigned short usVal;
} nvmlValue_t;

typedef struct nvmlFieldValue_st {
    unsigned int fieldId;
    unsigned int scopeId;
    long long timestamp;
    long long latencyUsec;
    int valueType;                /* nvmlValueType_t */
    nvmlReturn_t nvmlReturn;
    nvmlValue_t value;
} nvmlFieldValue_t;

typedef struct nvmlUtilization_st { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct nvmlMemory_st { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;

static struct nvmlDevice_st { int unused; } the_gpu;
static struct timespec started;

static double seconds_since_init(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) * 1e-9;
}

static void copy(char *dst, unsigned int length, const char *src) {
    strncpy(dst, src, length);
    if (length > 0) dst[length - 1] = 0;
}

nvmlReturn_t nvmlInit_v2(void) { clock_gettime(CLOCK_MONOTONIC, &started); return 0; }
nvmlReturn_t nvmlShutdown(void) { return 0; }
const char *nvmlErrorString(nvmlReturn_t r) {
    switch (r) {
        case 0: return "Success";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 6: return "Not Found";
        default: return "Unknown Error";
    }
}
nvmlReturn_t nvmlSystemGetDriverVersion(char *v, unsigned int n) { copy(v, n, "580.00.fake"); return 0; }
nvmlReturn_t nvmlSystemGetNVMLVersion(char *v, unsigned int n) { copy(v, n, "13.580.00"); return 0; }
nvmlReturn_t nvmlSystemGetCudaDriverVersion(int *v) { *v = 13000; return 0; }
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) { *count = 1; return 0; }
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *d) {
    if (i != 0) return 2;
    *d = &the_gpu;
    return 0;
}
nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *d) {
    if (strcmp(uuid, "GPU-fake-0000-1111") != 0) return 6;
    *d = &the_gpu;
    return 0;
}
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int n) { copy(name, n, "Fake GPU 80GB"); return 0; }
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int n) { copy(uuid, n, "GPU-fake-0000-1111"); return 0; }
nvmlReturn_t nvmlDeviceGetIndex(nvmlDevice_t d, unsigned int *i) { *i = 0; return 0; }
nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t d, unsigned int *arch) { *arch = 9; return 0; }
nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *mw) { *mw = 700000; return 0; }
nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw) { *mw = FAKE_MW; return 0; }

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *mj) {
#ifdef NO_COUNTER
    return 3;
#else
    *mj = 1000000ull + (unsigned long long) (FAKE_MW * seconds_since_init());  /* mW x s = mJ */
    return 0;
#endif
}

nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t d, int count, nvmlFieldValue_t *values) {
    if (d != &the_gpu || values == 0) return 2;
    for (int i = 0; i < count; i++) {
        nvmlFieldValue_t *v = &values[i];
        v->timestamp = 1700000000000000ll;
        v->latencyUsec = 7;
#ifdef NO_INSTANT
        v->nvmlReturn = 3;
#else
        if (v->fieldId == FIELD_POWER_INSTANT && v->scopeId == 0) {
            v->valueType = 1;     /* NVML_VALUE_TYPE_UNSIGNED_INT */
            v->nvmlReturn = 0;
            v->value.uiVal = FAKE_MW;
        } else {
            v->nvmlReturn = 2;    /* an id or scope we do not know: the caller wrote it in the wrong place */
        }
#endif
    }
    return 0;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) { u->gpu = 87; u->memory = 40; return 0; }
nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m) {
    m->total = 80ull << 30;
    m->used = 3ull << 30;
    m->free = m->total - m->used;
    return 0;
}

/* The C compiler's view of the layout, for the test to compare with joules' CStruct. */
#include <stddef.h>
unsigned int fake_sizeof_field_value(void) { return sizeof(nvmlFieldValue_t); }
unsigned int fake_offsetof_value(void) { return offsetof(nvmlFieldValue_t, value); }
unsigned int fake_offsetof_value_type(void) { return offsetof(nvmlFieldValue_t, valueType); }
