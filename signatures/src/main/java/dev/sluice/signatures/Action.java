package dev.sluice.signatures;

/** A rule's action, the first word of the rule. */
public enum Action {
    ALERT("alert"),
    DROP("drop"),
    REJECT("reject"),
    REJECTSRC("rejectsrc"),
    REJECTDST("rejectdst"),
    REJECTBOTH("rejectboth"),
    PASS("pass");

    public final String word;

    Action(String word) {
        this.word = word;
    }

    /** True for actions that stop the packet in inline mode (drop and the reject family). */
    public boolean blocks() {
        return this != ALERT && this != PASS;
    }

    public static Action of(String word) {
        for (Action a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        return null;
    }
}
