package joules.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for long commands. On a terminal: one status line redrawn in place (at most ten times a
 * second) with a bar and an ETA, and log lines printed above it. Otherwise (a file, a pipe, a batch
 * job's log): only the log lines, each prefixed with the elapsed time, so the log stays readable.
 *
 * <p>The ETA is the elapsed time scaled by the fraction of the work left: eta = t (1 - f) / f, with f
 * the fraction done that the caller measures in whatever unit it knows best (steps, FLOPs).
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long workStartNanos = startNanos;
    private long lastDraw;
    private int drawnLength;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on standard error, redrawn in place when a person is watching a terminal. */
    static Progress onConsole() {
        return new Progress(System.err, System.console() != null);
    }

    boolean terminal() { return terminal; }

    /** Seconds since this progress was made. */
    double elapsedSeconds() { return (System.nanoTime() - startNanos) * 1e-9; }

    /**
     * Starts the ETA's clock now: the work whose fraction {@link #status} and {@link #eta} are given begins
     * here (preparation before it, such as loading data, would otherwise bias the estimate).
     */
    synchronized void startWork() { workStartNanos = System.nanoTime(); }

    /**
     * Whether {@link #status} would redraw now: on a terminal, 0.1 s after the last redraw, or when the
     * work is done. A caller that updates on every step asks this first and makes its text only for a redraw.
     */
    synchronized boolean statusDue(double fractionDone) {
        return terminal && redrawDue(System.nanoTime(), fractionDone);
    }

    private boolean redrawDue(long now, double fractionDone) {
        return now - lastDraw >= REDRAW_NANOS || fractionDone >= 1;
    }

    /** Redraws the status line (a terminal only): "text [#####-----]  45%  ETA 1m02s". */
    synchronized void status(String text, double fractionDone) {
        if (!terminal) return;
        long now = System.nanoTime();
        if (!redrawDue(now, fractionDone)) return;
        lastDraw = now;
        double f = Math.max(0, Math.min(1, fractionDone));
        int filled = (int) Math.round(f * BAR_WIDTH);
        String line = ErrorHandler.printable(text) + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3.0f%%", 100 * f) + "  ETA " + eta(f);
        String pad = " ".repeat(Math.max(0, drawnLength - line.length()));
        out.print("\r" + line + pad);
        out.flush();
        drawnLength = line.length();
    }

    /** A log line ({@link ErrorHandler#printable}): above the status line on a terminal, with the elapsed time otherwise. */
    synchronized void line(String line) {
        String text = ErrorHandler.printable(line);
        if (terminal) {
            clearStatus();
            out.println(text);
        } else {
            out.println("[" + duration(elapsedSeconds()) + "] " + text);
        }
        out.flush();
    }

    /** Removes the status line (before the command's final output). */
    synchronized void clearStatus() {
        if (terminal && drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
    }

    /** The estimated time left when {@code fractionDone} of the work took the time since {@link #startWork}. */
    synchronized String eta(double fractionDone) {
        if (fractionDone <= 0) return "?";
        double worked = (System.nanoTime() - workStartNanos) * 1e-9;
        return duration(worked * (1 - fractionDone) / fractionDone);
    }

    /** A duration people read at a glance: "42s", "3m05s", "2h07m". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
