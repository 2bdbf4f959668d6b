package joules.layers;

import java.util.ArrayList;
import java.util.List;
import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** Layers applied one after another: forward in order, backward in reverse order. */
public final class Sequential extends Module {
    private final List<Module> children;

    public Sequential(String name, List<Module> children) {
        super(name);
        if (children.isEmpty()) throw new IllegalArgumentException("Sequential " + name + " has no layers");
        this.children = List.copyOf(children);
        setInputGradNeeded(true);
    }

    public Sequential(String name, Module... children) { this(name, List.of(children)); }

    public List<Module> children() { return children; }

    @Override public String type() { return "Sequential"; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Module m : children) all.addAll(m.parameters());
        return all;
    }

    @Override
    public List<Parameter> parametersWithoutGradient(int[] inputShape) {
        List<Parameter> all = new ArrayList<>();
        int[] shape = inputShape;
        for (Module m : children) {
            all.addAll(m.parametersWithoutGradient(shape));
            shape = m.outputShape(shape);
        }
        return all;
    }

    @Override
    public List<Module> leaves() {
        List<Module> all = new ArrayList<>();
        for (Module m : children) all.addAll(m.leaves());
        return all;
    }

    /**
     * A child needs its input's gradient when this container's input does, or when a layer before it
     * has parameters (their gradients flow through it).
     */
    @Override
    public void setInputGradNeeded(boolean needed) {
        super.setInputGradNeeded(needed);
        boolean flowing = needed;
        for (Module m : children) {
            m.setInputGradNeeded(flowing);
            flowing = flowing || !m.parameters().isEmpty();
        }
    }

    @Override
    public int[] outputShape(int[] s) {
        for (Module m : children) s = m.outputShape(s);
        return s;
    }

    @Override
    public LayerCounts counts(int[] s) {
        LayerCounts total = LayerCounts.ZERO;
        for (Module m : children) {
            total = total.plus(m.counts(s));
            s = m.outputShape(s);
        }
        return total;
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        int[] s = maxIn;
        for (Module m : children) {
            m.allocate(backend, s);
            s = m.outputShape(s);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : children) x = m.forward(x);
        return x;
    }

    @Override
    public Tensor backward(Tensor dy) {
        for (int i = children.size() - 1; i >= 0 && dy != null; i--) dy = children.get(i).backward(dy);
        return dy;
    }
}
