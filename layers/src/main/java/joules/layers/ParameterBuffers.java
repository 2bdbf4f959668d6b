package joules.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * The flat storage of a list of parameters: one buffer for all values, one for all gradients, same
 * layout (parameter after parameter, in list order); each {@link Parameter} becomes a view into both.
 */
public record ParameterBuffers(Tensor values, Tensor gradients) {

    /** Allocates both buffers on {@code backend} (zero-filled) and binds every parameter to its views. */
    public static ParameterBuffers allocate(List<Parameter> params, Backend backend) {
        long total = 0;
        for (Parameter p : params) total += p.numel();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(total + " parameters are more than one buffer holds (" + Integer.MAX_VALUE + ")");
        }
        Tensor values = backend.zeros((int) total);
        Tensor grads = backend.zeros((int) total);
        long offset = 0;
        for (Parameter p : params) {
            p.bind(values.view(offset, p.shape()), grads.view(offset, p.shape()));
            offset += p.numel();
        }
        return new ParameterBuffers(values, grads);
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
