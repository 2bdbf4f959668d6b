package joules.cli;

import picocli.CommandLine;

/** The engine's version, read from the jar's manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static String engineVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"joules " + engineVersion()};
    }
}
