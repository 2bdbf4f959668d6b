package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import joules.train.zoo.Family;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Test;

/** The step's lower bound: its compulsory bytes 4 (7 P + 2 A) and FLOPs, exact integers worked out by hand. */
class StepBoundTest {
    @Test
    void anMlpMovesSevenFloatsPerParameterAndTwoPerOutputOfALayerWithParameters() {
        // P = 8192 x 512 + 512 + 512 x 10 + 10; A = 8 x (512 + 10)
        long p = 8192L * 512 + 512 + 512 * 10 + 10;
        long a = 8L * (512 + 10);
        assertEquals(4 * (7 * p + 2 * a), StepBound.bytes(Zoo.network(Zoo.config("mlp-L1-H512")), Zoo.SAMPLE_SHAPE, 8));
    }

    @Test
    void anRnnOverOneStepCountsNoBytesForWhhWhichGetsNoGradient() {
        // GRU(8192 -> 4, 2 layers) + Linear(4 -> 10); each W_hh is 12 x 4 and never moves over one step
        long p = (12L * 8192 + 12 * 4 + 12 + 12) + (12 * 4 + 12 * 4 + 12 + 12) + (4 * 10 + 10);
        long whh = 2 * 12 * 4;
        long a = 1 * 8 * 4 + 8 * 10;         // the GRU's output (T = 1, N = 8, H = 4) and the logits
        ModelConfig rnn = new ModelConfig("rnn-L2-H4", Family.RNN, 0, 2, 0, 4, 0, 0);
        assertEquals(4 * (7 * (p - whh) + 2 * a), StepBound.bytes(Zoo.network(rnn), Zoo.SAMPLE_SHAPE, 8));
        assertEquals(p, Zoo.network(rnn).parameterCount());
    }

    @Test
    void theBoundInMillisecondsAddsFlopsAtThePeakAndBytesAtTheBandwidth() {
        // 2e9 FLOPs at 200 GFLOP/s = 10 ms; 1e9 bytes at 50 GB/s = 20 ms
        assertEquals(30.0, StepBound.ms(2_000_000_000L, 1_000_000_000L, 200, 50), 1e-9);
    }
}
