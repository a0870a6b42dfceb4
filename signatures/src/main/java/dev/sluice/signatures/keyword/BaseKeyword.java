package dev.sluice.signatures.keyword;

/** Name, summary and value kind of a keyword; subclasses write {@link #apply}. */
public abstract class BaseKeyword implements Keyword {
    private final String name;
    private final String summary;
    private final Value value;

    protected BaseKeyword(String name, String summary, Value value) {
        this.name = name;
        this.summary = summary;
        this.value = value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Value value() {
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
