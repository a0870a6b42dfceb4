/**
 * Dropping root: switching the process to an unprivileged user and group while the calling thread
 * keeps only the capabilities inline mode needs (CAP_NET_ADMIN for NFQUEUE verdicts and SO_MARK,
 * optionally CAP_NET_RAW for reject sockets), with no_new_privs and a reduced bounding set.
 */
package dev.sluice.capture.priv;
