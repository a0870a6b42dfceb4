package dev.sluice.engine.ban;

import dev.sluice.engine.output.AlertEvent;

/**
 * One {@code bans.policies} entry: {@code count} alerts whose rule has this sid and/or this class,
 * from one source within {@code seconds}, ban the source for {@code timeoutSeconds}.
 *
 * @param name           shown in ban reasons and in {@code list()}
 * @param sid            the rule's sid, or 0 for any
 * @param classtype      the classtype short name as written in the policy, or null for any
 * @param category       the class's description, what alerts carry ({@link AlertEvent.Alert#category()}),
 *                       or null for any
 * @param count          alerts that make a ban, at least 1
 * @param seconds        the counting window, which starts at a source's first counted alert
 * @param timeoutSeconds how long the ban lasts
 */
public record BanPolicy(String name, long sid, String classtype, String category, int count, long seconds,
                        long timeoutSeconds) {

    /** True when the rule part of an alert or drop record is one this policy counts. */
    public boolean matches(AlertEvent.Alert a) {
        return (sid == 0 || a.sid() == sid) && (category == null || category.equals(a.category()));
    }
}
