package joules.audio;

import java.util.List;

/** The 10 DESED event classes in the study's order: index i of a target vector is class NAMES.get(i). */
public final class DesedClasses {
    public static final List<String> NAMES = List.of(
            "Alarm_bell_ringing", "Blender", "Cat", "Dishes", "Dog",
            "Electric_shaver_toothbrush", "Frying", "Running_water", "Speech", "Vacuum_cleaner");

    public static final int COUNT = NAMES.size();

    private DesedClasses() {}

    /** The index of a class name (exact, case-sensitive, as DESED writes it), or -1 when it is not one of the 10. */
    public static int index(String name) {
        return NAMES.indexOf(name);
    }
}
