package joules.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.tensor.Backend;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;

/**
 * A network with its sigmoid + binary cross-entropy head, built on one backend.
 *
 * <p>All parameter values live in one flat buffer and all gradients in another, with the same layout
 * (parameter after parameter, in {@link #namedParameters()} order, each aligned as {@link ParameterBuffers}
 * says); each {@link Parameter} is a view into both. So the optimiser updates the whole model with one call.
 *
 * <p>A training step: {@code logits = forward(x); loss(logits, targets); backward();} then the optimiser
 * reads {@link #gradients()}. Inputs are (N, sampleShape...) with N at most {@link #maxBatch()}.
 */
public final class Model {
    private final String id;
    private final Module network;
    private final int[] sampleShape;
    private final Backend backend;
    private final int maxBatch;
    private final Tensor parameters;
    private final Tensor gradients;
    private final List<Parameter> named;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final SigmoidBceLoss head;

    /**
     * @param sampleShape one input sample's shape, (1, 128, 64) for the study
     * @param seed        the initialisation seed ({@link ParameterInit})
     */
    public Model(String id, Module network, int[] sampleShape, Backend backend, long seed, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.id = id;
        this.network = network;
        this.sampleShape = sampleShape.clone();
        this.backend = backend;
        this.maxBatch = maxBatch;
        this.named = List.copyOf(network.parameters());

        for (Parameter p : named) {
            if (byName.put(p.name(), p) != null) throw new IllegalArgumentException("two parameters named " + p.name());
        }
        ParameterBuffers buffers = ParameterBuffers.allocate(named, backend);
        parameters = buffers.values();
        gradients = buffers.gradients();
        ParameterInit.uniform(named, seed, backend);

        network.setInputGradNeeded(false); // the data needs no gradient
        int[] maxIn = inputShape(maxBatch);
        int[] out = network.outputShape(maxIn);
        if (out.length != 2) {
            throw new ShapeMismatchException("model " + id + ": the network's output has shape " + Arrays.toString(out)
                    + ", expected [N, classes]");
        }
        network.allocate(backend, maxIn);
        head = new SigmoidBceLoss(backend, maxBatch, out[1]);
    }

    public String id() { return id; }
    public Module network() { return network; }
    public Backend backend() { return backend; }
    public int maxBatch() { return maxBatch; }
    public int[] sampleShape() { return sampleShape.clone(); }

    /** (batch, sampleShape...). */
    public int[] inputShape(int batch) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /** Logits (N, classes) for a batch x of shape (N, sampleShape...). The returned tensor is reused. */
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        boolean ok = s.length == sampleShape.length + 1 && s[0] >= 1 && s[0] <= maxBatch
                && Arrays.equals(Arrays.copyOfRange(s, 1, s.length), sampleShape);
        if (!ok) {
            throw new ShapeMismatchException("model " + id + ": input has shape " + Arrays.toString(s) + ", expected "
                    + Arrays.toString(inputShape(maxBatch)) + " with a batch of 1.." + maxBatch);
        }
        return network.forward(x);
    }

    /**
     * The mean sigmoid + BCE loss, read back to the host; keeps its gradient for {@link #backward()}.
     * A diverged model gives NaN or an infinity here, which the caller checks with Float.isFinite.
     */
    public float loss(Tensor logits, Tensor targets) {
        return lossOnDevice(logits, targets).toArray()[0];
    }

    /** As {@link #loss}, but leaves the value on the device (one element), so that nothing waits for it. */
    public Tensor lossOnDevice(Tensor logits, Tensor targets) {
        return head.compute(logits, targets);
    }

    /** The gradient of the last {@link #loss} with respect to the logits, where {@link #backward} starts. */
    public Tensor lossGradient() {
        return head.dlogits();
    }

    /** Writes every parameter's gradient from the last {@link #loss} (gradients are overwritten, not summed). */
    public void backward() {
        network.backward(head.dlogits());
    }

    /** All parameter values, one flat buffer (with zero gaps that align each parameter: see {@link ParameterBuffers}). */
    public Tensor parameters() { return parameters; }

    /** All gradients, one flat buffer with the layout of {@link #parameters()}. */
    public Tensor gradients() { return gradients; }

    public List<Parameter> namedParameters() { return named; }

    /** The parameters whose gradient is zero by the network's maths for this model's input shape ({@link Module#parametersWithoutGradient}). */
    public List<Parameter> parametersWithoutGradient() { return network.parametersWithoutGradient(inputShape(maxBatch)); }

    /** The parameter of that PyTorch name ({@code fc.weight}); an unknown name lists the valid ones. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("model " + id + " has no parameter '" + name + "'; it has "
                + String.join(", ", byName.keySet()));
        return p;
    }

    /** The number of trainable values (the flat buffers hold a few more: the alignment gaps). */
    public long parameterCount() { return network.parameterCount(); }

    /** Sets every parameter from tensors named as PyTorch names them (a state_dict saved as a {@link TensorFile}). */
    public void load(Map<String, TensorFile.Entry> values) {
        ParameterBuffers.load(named, values);
    }

    /** The per-layer cost table of this model for a batch size. */
    public CostTable costs(Convention convention, int batch) {
        return CostTable.forModel(network, inputShape(batch), convention);
    }
}
