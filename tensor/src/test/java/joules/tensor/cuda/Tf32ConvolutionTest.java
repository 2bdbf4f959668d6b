package joules.tensor.cuda;

import static joules.tensor.cuda.GpuCheck.assertClose;
import static joules.tensor.cuda.GpuCheck.poisoned;
import static joules.tensor.cuda.GpuCheck.random;
import static joules.tensor.cuda.GpuCheck.size;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With TF32 allowed, each convolution direction picks its own algorithm and math type; the three directions
 * of one geometry then run in every order (forward, data, filter, and again), each with the math type and
 * workspace its own algorithm was chosen with. A descriptor shared by the three directions kept the math
 * type chosen last. TF32 keeps 10 mantissa bits: tolerance 1e-2 against the CPU.
 */
@Tag("gpu")
class Tf32ConvolutionTest {

    @Test
    void everyDirectionRunsWithItsOwnMathTypeUnderTf32() {
        assumeTrue(CudaTestSupport.gpuAvailable(), "no GPU");
        String before = System.getProperty("joules.cuda.tf32");
        System.setProperty("joules.cuda.tf32", "true");
        CudaBackend gpu;
        try {
            gpu = CudaBackend.open(0);
        } finally {
            if (before == null) System.clearProperty("joules.cuda.tf32");
            else System.setProperty("joules.cuda.tf32", before);
        }
        try (gpu; CpuBackend cpu = new CpuBackend(2)) {
            long seed = 900;
            for (Conv2dGeometry g : List.of(new Conv2dGeometry(8, 1, 128, 64, 64, 3, 3, 1, 1, 1, 1),
                    new Conv2dGeometry(8, 64, 64, 32, 128, 3, 3, 1, 1, 1, 1))) {
                float[] x = random(size(g.inputShape()), seed++), w = random(size(g.weightShape()), seed++);
                float[] dy = random(size(g.outputShape()), seed++);
                Tensor xc = cpu.fromArray(x, g.inputShape()), wc = cpu.fromArray(w, g.weightShape());
                Tensor dyc = cpu.fromArray(dy, g.outputShape());
                Tensor xg = gpu.fromArray(x, g.inputShape()), wg = gpu.fromArray(w, g.weightShape());
                Tensor dyg = gpu.fromArray(dy, g.outputShape());
                Tensor yc = cpu.zeros(g.outputShape()), dxc = cpu.zeros(g.inputShape()), dwc = cpu.zeros(g.weightShape());
                cpu.conv2dForward(xc, wc, yc, g);
                cpu.conv2dBackwardData(dyc, wc, dxc, g);
                cpu.conv2dBackwardFilter(xc, dyc, dwc, g);
                for (int round = 0; round < 2; round++) {
                    Tensor yg = poisoned(gpu, g.outputShape()), dxg = poisoned(gpu, g.inputShape());
                    Tensor dwg = poisoned(gpu, g.weightShape());
                    gpu.conv2dForward(xg, wg, yg, g);
                    gpu.conv2dBackwardData(dyg, wg, dxg, g);
                    gpu.conv2dBackwardFilter(xg, dyg, dwg, g);
                    gpu.conv2dForward(xg, wg, yg, g);           // again after the other two directions
                    String what = g + " round " + round;
                    assertClose(yc, yg, 1e-2, "TF32 conv forward " + what);
                    assertClose(dxc, dxg, 1e-2, "TF32 conv backward data " + what);
                    assertClose(dwc, dwg, 1e-2, "TF32 conv backward filter " + what);
                }
            }
            System.out.println("[gpu] TF32 convolutions: " + gpu.describe());
        }
    }
}
