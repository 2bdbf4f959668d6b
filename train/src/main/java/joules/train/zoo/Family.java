package joules.train.zoo;

import java.util.Locale;

/** The study's four architecture families. */
public enum Family {
    MLP, CNN, RNN, CRNN;

    /** The lower-case name used in configs-43.tsv and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Family parse(String s) {
        for (Family f : values()) if (f.label().equalsIgnoreCase(s.trim())) return f;
        throw new IllegalArgumentException("unknown model family '" + s + "'; valid: mlp, cnn, rnn, crnn");
    }
}
