package joules.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * The flat storage of a list of parameters: one buffer for all values, one for all gradients, same
 * layout (parameter after parameter, in list order); each {@link Parameter} becomes a view into both.
 *
 * <p>Every parameter starts on a {@value #ALIGNMENT_BYTES}-byte boundary (on the GPU the buffers themselves
 * start so aligned), the alignment that cuDNN and cuBLAS assume when they time and choose their
 * algorithms on buffers of their own. The gaps between parameters are zeros and stay zero: their
 * gradients are never written, and an Adam step over zeros moves nothing. So the buffers hold a few
 * more floats than the model has parameters ({@link #paddedLength}).
 */
public record ParameterBuffers(Tensor values, Tensor gradients) {

    /** Where each parameter starts: a multiple of this many bytes from the buffer's start. */
    public static final int ALIGNMENT_BYTES = 256;
    private static final int ALIGNMENT_FLOATS = ALIGNMENT_BYTES / 4;

    /** Allocates both buffers on {@code backend} (zero-filled) and binds every parameter to its views. */
    public static ParameterBuffers allocate(List<Parameter> params, Backend backend) {
        long total = paddedLength(params);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(total + " parameters are more than one buffer holds (" + Integer.MAX_VALUE + ")");
        }
        Tensor values = backend.zeros((int) total);
        Tensor grads = backend.zeros((int) total);
        long offset = 0;
        for (Parameter p : params) {
            p.bind(values.view(offset, p.shape()), grads.view(offset, p.shape()));
            offset = aligned(offset + p.numel());
        }
        return new ParameterBuffers(values, grads);
    }

    /** Floats in each buffer: every parameter rounded up to the alignment, the last one not. */
    public static long paddedLength(List<Parameter> params) {
        long offset = 0, end = 0;
        for (Parameter p : params) {
            end = offset + p.numel();
            offset = aligned(end);
        }
        return end;
    }

    private static long aligned(long floats) {
        return (floats + ALIGNMENT_FLOATS - 1) / ALIGNMENT_FLOATS * ALIGNMENT_FLOATS;
    }

    /** Copies values by parameter name into the parameters; every parameter must be present with its shape. */
    public static void load(List<Parameter> params, Map<String, TensorFile.Entry> source) {
        for (Parameter p : params) {
            TensorFile.Entry e = source.get(p.name());
            if (e == null) throw new IllegalArgumentException("no tensor '" + p.name() + "' to load; found " + source.keySet());
            if (!Arrays.equals(e.shape(), p.shape())) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' has shape " + Arrays.toString(e.shape())
                        + ", the parameter " + Arrays.toString(p.shape()));
            }
            p.value().backend().copyFromHost(e.values(), 0, p.value());
        }
    }
}
