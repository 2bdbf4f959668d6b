package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** joules flops and joules models: outputs, formats and bad input. */
class FlopsCommandTest {

    @Test
    void perLayerCsvOfTheWorkedCnnExample() {
        Cli.Result r = Cli.joules("flops", "--config", "cnn-L1-H128", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("layer,type,output_shape,params,macs,flops,bytes,intensity,share", lines.get(0));
        // bytes: read x 8,192, W 1,152, b 128; write y 1,048,576 floats; intensity 19,922,944 / 4,232,192
        String[] conv = lines.get(1).split(",");
        assertEquals("conv0,Conv2d,1x128x128x64,1280,9437184,19922944,4232192,4.7075", String.join(",", List.of(conv).subList(0, 8)));
        // the share is written exactly: it reads back as the double 19922944 / total
        long total = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[5])).sum();
        assertEquals(19922944.0 / total, Double.parseDouble(conv[8]), 0.0);
        assertEquals("0.7307689627247727", conv[8]);
        assertEquals("flatten,Flatten,1x262144,0,0,0,0,,0", lines.get(4));             // a view: no intensity
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("output,Sigmoid,1x10,0,0,10,80,0.125,0.000000366797"), last);   // plain digits, not 3.66e-7
        assertEquals(10.0 / total, Double.parseDouble(last.split(",")[8]), 0.0);
    }

    @Test
    void tableHasATotal() {
        Cli.Result r = Cli.joules("flops", "--config", "crnn-C1R1-H64x64");
        assertEquals(0, r.exit());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total") && l.contains("112,592,138")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("last ") && l.endsWith(" 0       -    0.0%")), r.out());
    }

    @Test
    void allConfigurationsAsCsvWithTrainingColumns() {
        Cli.Result r = Cli.joules("flops", "--all", "--format", "csv", "--convention", "training", "--batch", "8");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("id,family,params,macs,flops,bytes,intensity,train_flops_per_step,train_flops_per_run", lines.get(0));
        assertEquals(44, lines.size());
        // docs/roofline.md's worked step: 184,872,392 FLOPs over 151,908,268 bytes
        assertEquals("mlp-L1-H512,mlp,4199946,67231744,184872392,151908268,1.217,184872392,365038788360", lines.get(1));
    }

    @Test
    void deepspeedIsTheDefault() {
        Cli.Result r = Cli.joules("flops", "--all", "--format", "csv");
        List<String> lines = r.out().lines().toList();
        assertEquals("id,family,params,macs,flops,bytes,intensity", lines.get(0));
        assertTrue(lines.get(23).startsWith("rnn-L1-H128,rnn,3196938,1280,6393226,"), lines.get(23));
    }

    @Test
    void jsonOfOneConfiguration() {
        Cli.Result r = Cli.joules("flops", "--config", "mlp-L1-H512", "--format", "json");
        String json = r.out();
        // batch 1, forward bytes: fc0 4 (8,192 + 4,194,304 + 512 + 512), relu0 4 (512 + 512), out 4 (512 + 5,120 + 10
        // + 10), sigmoid 4 (10 + 10): 16,840,864 in all
        assertTrue(json.contains("\"total\": {\"params\": 4199946, \"macs\": 4199424, \"flops\": 8399370, \"bytes\": 16840864,"
                + " \"intensity\": 0.4987}"), json);
        assertTrue(json.contains("{\"name\": \"flatten\", \"type\": \"Flatten\", \"output_shape\": [1, 8192], \"params\": 0,"
                + " \"macs\": 0, \"flops\": 0, \"bytes\": 0, \"intensity\": null, \"share\": 0}"), json);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        Cli.Result r = Cli.joules("flops", "--config", "cnn-L2-H12");
        assertEquals(2, r.exit());
        assertEquals("joules: unknown config id 'cnn-L2-H12'; closest: cnn-L2-H128, cnn-L2-H512, cnn-L1-H128"
                + " (joules models lists all 43)", r.err().strip());
        r = Cli.joules("flops", "--config", "cnn-L2-H128", "--convention", "fwd");
        assertEquals(2, r.exit());
        assertEquals("joules: unknown convention 'fwd'; valid: deepspeed, forward, training", r.err().strip());
        r = Cli.joules("flops", "--all", "--batch", "0");
        assertEquals(2, r.exit());
        assertEquals("joules: --batch must be at least 1, got 0", r.err().strip());
        r = Cli.joules("flops", "--all", "--format", "xml");
        assertEquals(2, r.exit());
    }

    @Test
    void modelsListsAllFortyThree() {
        Cli.Result r = Cli.joules("models", "--format", "csv");
        assertEquals(0, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(44, lines.size());
        assertEquals("id,family,conv_layers,rnn_layers,conv_channels,rnn_hidden,mlp_layers,mlp_hidden,params", lines.get(0));
        assertEquals("crnn-C2R2-H1024x256,crnn,2,2,1024,256,0,0,10830346", lines.get(43));
    }
}
