package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void durationsReadAtAGlance() {
        assertEquals("0s", Progress.duration(0.2));
        assertEquals("42s", Progress.duration(42));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("2h07m", Progress.duration(2 * 3600 + 7 * 60 + 30));
        assertEquals("?", Progress.duration(Double.POSITIVE_INFINITY));
    }

    @Test
    void withoutATerminalOnlyLogLinesAreWrittenWithTheElapsedTime() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.status("[1/4] mlp epoch 1/1 step 3/8", 0.1);
        p.line("mlp: ok");
        assertEquals("[0s] mlp: ok\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlaceAndClearedForLogLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.status("cnn", 0.5);
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\rcnn [##########----------]  50%  ETA "), s);
        p.line("done");
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\r" + " ".repeat(s.length() - 1) + "\rdone\n"));
        assertEquals("?", p.eta(0));
    }
}
