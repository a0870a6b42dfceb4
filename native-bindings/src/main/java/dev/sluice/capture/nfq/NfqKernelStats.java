package dev.sluice.capture.nfq;

/**
 * One line of /proc/net/netfilter/nfnetlink_queue: what the kernel says about a queue.
 *
 * @param queue        queue number
 * @param portId       netlink port id of the process bound to it
 * @param queueTotal   packets queued now, waiting to be read or for a verdict
 * @param queueDropped packets the kernel dropped (or, fail-open, accepted unseen) because the queue was full
 * @param userDropped  packets the kernel could not send to the socket (its buffer was full)
 * @param idSequence   last packet id handed out
 */
public record NfqKernelStats(int queue, long portId, long queueTotal, long queueDropped, long userDropped,
                             long idSequence) {

    /** Finds {@code queue}'s line in the file's text; null when it is not there or does not parse. */
    static NfqKernelStats find(CharSequence text, int queue) {
        String[] lines = text.toString().split("\n");
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                if (Integer.parseInt(f[0]) != queue) {
                    continue;
                }
                return new NfqKernelStats(queue, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[5]),
                        Long.parseLong(f[6]), Long.parseLong(f[7]));
            } catch (NumberFormatException e) {
                // not a queue line
            }
        }
        return null;
    }
}
