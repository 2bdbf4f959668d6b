package joules.tensor;

/** A block of float32 memory that a backend owns: a Java array on the CPU, device memory on a GPU. */
public interface Storage {
    Backend backend();

    /** Capacity in floats. */
    long length();
}
